// The contrast ratio of every visible text part of the open download centre, from computed styles:
// the text colour (blended over its background when translucent) against the first opaque
// background up the tree. Returns [{part, text, ratio}].
(root) => {
  const parse = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const background = (node) => {
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0.99) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const blend = (fg, bg) => ({
    r: fg.r * fg.a + bg.r * (1 - fg.a),
    g: fg.g * fg.a + bg.g * (1 - fg.a),
    b: fg.b * fg.a + bg.b * (1 - fg.a),
  });
  const lum = ({ r, g, b }) => {
    const f = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const parts = root.querySelectorAll(
    ".dlw-toggle, .dlw-title, .dlw-clear-finished, .dlw-name, .dlw-time, .dlw-description," +
      " .dlw-status, .dlw-meta, .dlw-error, .dlw-cancel, .dlw-clear, .dlw-link, .dlw-empty, .dlw-all",
  );
  const out = [];
  for (const node of parts) {
    if (!node.getClientRects().length || !node.textContent.trim()) continue;
    const bg = background(node);
    const fg = blend(parse(getComputedStyle(node).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    out.push({
      part: node.className.split(" ")[0],
      text: node.textContent.trim().slice(0, 30),
      ratio: (hi + 0.05) / (lo + 0.05),
    });
  }
  return out;
}
