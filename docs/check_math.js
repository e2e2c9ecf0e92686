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
  const pre = document.createElement("pre");
  pre.id = "gradproof-measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
