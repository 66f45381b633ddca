// Test helper: finds references to external resources in an HTML page (outside inline script code).

/**
 * Every external resource reference of `html`: `src`/`href`/`action`/`poster`/`srcset` attributes that
 * are not `data:`, `blob:` or a `#fragment`, CSS `@import`, and CSS `url(...)` that is not `data:`.
 * The text inside `<script>…</script>` is left out (plotly.min.js holds URL strings in its code, which
 * are not references), but the `<script>` tag's own attributes (e.g. `src`) are scanned.
 */
export function externalReferences(html: string): string[] {
  const withoutScriptCode = html.replace(
    /(<script\b[^>]*>)[\s\S]*?(<\/script>)/gi,
    (_match, open: string, close: string) => open + close,
  );
  const found: string[] = [];
  const attribute = /\b(src|href|action|poster|srcset|formaction)\s*=\s*(["']?)([^"'\s>]*)\2/gi;
  for (const match of withoutScriptCode.matchAll(attribute)) {
    const value = match[3].trim();
    if (value === "" || /^(data:|blob:|#|javascript:void)/i.test(value)) continue;
    found.push(match[0]);
  }
  for (const match of withoutScriptCode.matchAll(/@import\b[^;]*/gi)) found.push(match[0]);
  for (const match of withoutScriptCode.matchAll(/url\(\s*(["']?)([^)"']*)\1\s*\)/gi)) {
    if (!/^data:/i.test(match[2].trim())) found.push(match[0]);
  }
  return found;
}
