// Loaded into a copy of each page by docs/check_math.py; runs after layout and writes its
// findings as JSON into a pre element with the id gradproof-measure.
window.addEventListener("load", () => {
  const out = {problems: [], math: 0, height: 0};
  const doc = document.documentElement;
  out.height = Math.ceil(doc.scrollHeight);
  if (doc.scrollWidth > window.innerWidth + 1) {
    out.problems.push(`the page scrolls horizontally (${doc.scrollWidth} px > ${window.innerWidth} px)`);
  }
  const article = document.querySelector("article") || document.querySelector("div.body") || document.body;
  const right = article.getBoundingClientRect().right;
  const name = (el) => {
    const t = (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 60);
    return `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""} «${t}»`;
  };
  for (const m of document.querySelectorAll("math")) {
    out.math += 1;
    const r = m.getBoundingClientRect();
    if (!(m instanceof MathMLElement) || r.width <= 0 || r.height <= 0) {
      out.problems.push(`math not typeset: ${name(m)}`);
    }
  }
  const wide = article.querySelectorAll("div.math, div.table-wrapper, table, figure, img, math[display=block]");
  for (const el of wide) {
    if (el.closest("pre")) continue;
    // a table in furo's wrapper: the wrapper (padding included) is what must fit
    if (el.tagName === "TABLE" && el.parentElement.classList.contains("table-wrapper")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.right > right + 1) {
      out.problems.push(`wider than the content column by ${Math.round(r.right - right)} px: ${name(el)}`);
    } else if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== "IMG" && el.tagName.toLowerCase() !== "math") {
      out.problems.push(`scrolls horizontally inside (${el.scrollWidth} > ${el.clientWidth} px): ${name(el)}`);
    }
  }
  // output blocks wrap instead of scrolling: a <pre> (not a user's input) wider than its box
  out.preScroll = [];
  for (const el of article.querySelectorAll("pre")) {
    if (el.closest(".user-input, .cell_input, .tag_user-input") || el.getClientRects().length === 0) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      out.preScroll.push(`scrolls horizontally inside (${el.scrollWidth} > ${el.clientWidth} px): ${name(el)}`);
    }
  }
  for (const t of document.querySelectorAll("table.derivation")) {
    const rows = [...t.querySelectorAll("tr")];
    if (!rows.length) continue;
    const first = rows[0].children;
    if (!first[0] || !first[0].querySelector("math")) {
      out.problems.push(`staircase: row 1 has no left-hand side: ${name(t)}`);
    }
    // where each row's relation and expression are drawn: the typeset formula's own box
    const left = (cell) => {
      if (!cell) return NaN;
      const m = cell.querySelector("math");
      const box = m && m.firstElementChild ? m.firstElementChild : cell;
      return box.getBoundingClientRect().left;
    };
    for (const col of [1, 2]) {
      const xs = rows.map(r => left(r.children[col]));
      if (Math.max(...xs) - Math.min(...xs) > 1) {
        out.problems.push(`staircase: column ${col + 1} starts at x = ${xs.map(Math.round).join(", ")}: ${name(t)}`);
      }
    }
  }
  // The text a reader sees, block by block (for the notation checks): every text node of the
  // article outside <math>, scripts and code examples of user input, grouped by its nearest
  // block; a <pre> keeps its line breaks.
  const USER_INPUT = ".user-input, .cell_input, .tag_user-input, kbd";
  const SKIP = `math, script, style, a.headerlink, #gradproof-measure, ${USER_INPUT}`;
  const BLOCK = "pre, p, li, td, th, dt, dd, h1, h2, h3, h4, h5, h6, figcaption, caption, div, section, blockquote";
  const blocks = new Map();
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(SKIP)) continue;
    const block = parent.closest(BLOCK);
    if (!block || block.getClientRects().length === 0) continue;
    blocks.set(block, (blocks.get(block) || "") + node.data);
  }
  out.texts = [...blocks].map(([el, text]) => ({pre: el.tagName === "PRE", where: name(el), text}));
  // Derivation tables (the claim pages' and the notebook display's): each row's cell texts.
  out.derivations = [...document.querySelectorAll("table.derivation, table.gradproof-derivation")].map(t => ({
    where: name(t),
    rows: [...t.querySelectorAll("tr")].map(r => [...r.children].map(c => c.textContent)),
  }));
  // Formal statements: the blocks after a paragraph that starts with "Formal statement", up to
  // the next paragraph or heading; their lines are each <math> whole (the printer sets one
  // conjunct per display block, its long rows broken at ∧, ⇒ and relation signs) and the lines
  // of each <pre>.
  out.statements = [];
  for (const p of article.querySelectorAll("p")) {
    if (!/^\s*Formal statement\b/.test(p.textContent)) continue;
    const lines = [];
    for (let el = p.nextElementSibling; el && !/^(P|H[1-6]|SECTION|UL|OL)$/.test(el.tagName); el = el.nextElementSibling) {
      for (const node of el.querySelectorAll("math, pre")) {
        if (node.tagName === "PRE") lines.push(...node.textContent.split("\n"));
        else if (node.closest("pre")) continue;
        else lines.push(node.textContent);
      }
    }
    // a statement printed inside the paragraph itself (one line)
    if (!lines.length) lines.push(p.textContent.replace(/^\s*Formal statement[^:.]*[:.]/, ""));
    out.statements.push({where: name(p), lines});
  }
  // Words broken inside a table cell: a run of non-blank characters (split only where a line
  // may break anyway: spaces, after - – — /) whose first and last characters are drawn on
  // different lines (no vertical overlap of their boxes).
  const charBox = (node, i) => {
    const r = document.createRange();
    r.setStart(node, i);
    r.setEnd(node, i + 1);
    const rects = r.getClientRects();
    return rects.length ? rects[0] : null;
  };
  out.broken = [];
  for (const cell of article.querySelectorAll("td, th")) {
    if (cell.getClientRects().length === 0) continue;
    const chars = [];  // [node, index] of the characters of the current word
    const words = [];
    const flush = () => { if (chars.length > 1) words.push(chars.slice()); chars.length = 0; };
    const w = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let lastParentBlock = null;
    for (let node = w.nextNode(); node; node = w.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("math, script, style")) { flush(); continue; }
      const block = parent.closest(BLOCK);
      if (block !== lastParentBlock) { flush(); lastParentBlock = block; }
      for (let i = 0; i < node.data.length; i++) {
        const ch = node.data[i];
        if (/\s|\u200b/.test(ch)) { flush(); continue; }
        chars.push([node, i]);
        if (/[-\u2010\u2013\u2014\/]/.test(ch)) flush();
      }
    }
    flush();
    for (const word of words) {
      const a = charBox(...word[0]);
      const b = charBox(...word[word.length - 1]);
      if (!a || !b || a.width === 0 || b.width === 0) continue;
      if (b.top >= a.bottom - 0.5 || a.top >= b.bottom - 0.5) {
        const text = word.map(([n, i]) => n.data[i]).join("");
        out.broken.push(`«${text}» in ${name(cell)}`);
        break;  // one per cell is enough
      }
    }
  }
  // Figures: each figure image's rendered and natural width (the text size needs the file's metadata)
  // and each figure's caption.
  out.images = [...article.querySelectorAll("figure img")].map(img => ({
    src: img.currentSrc || img.src,
    shown: img.getBoundingClientRect().width,
    natural: img.naturalWidth,
    where: name(img),
  }));
  out.captions = [...article.querySelectorAll("figure")].map(f => {
    const c = f.querySelector("figcaption");
    return c ? c.textContent.replace(/\s+/g, " ").trim() : "";
  });
  const pre = document.createElement("pre");
  pre.id = "gradproof-measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
