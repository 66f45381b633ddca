/** The README's cost of a typical study is computed from the project's price table (no stale figures). */
import assert from "node:assert/strict";
import { PRICE_TABLE_LABEL } from "../../lib/cloud/mod.ts";
import { HOURLY_PRICE_USD } from "../../lib/cloud/prices.ts";

const README = new URL("../../README.md", import.meta.url);

function cells(line: string): string[] {
  return line.split("|").slice(1, -1).map((cell) => cell.trim());
}

Deno.test("README's cost table matches lib/cloud/prices.ts, line by line and in its totals", async () => {
  const text = await Deno.readTextFile(README);
  const block = /<!-- cost-table:start -->([\s\S]*?)<!-- cost-table:end -->/.exec(text)?.[1];
  assert.ok(block, "README has the cost table between its markers");
  assert.ok(text.includes(PRICE_TABLE_LABEL), "the table's label is quoted");
  const rows = block.split("\n").filter((line) => /^\|\s*\S/.test(line)).map(cells);
  const costs = new Map<string, number>();
  const totals: string[][] = [];
  for (const row of rows) {
    if (/^\d+$/.test(row[0])) {
      const [number, item, type, hours, price, cost] = row;
      assert.ok(type in HOURLY_PRICE_USD, `${item}: ${type} is in the price table`);
      assert.equal(price, HOURLY_PRICE_USD[type].toFixed(3), `${item}: price per hour`);
      assert.equal(cost, (HOURLY_PRICE_USD[type] * Number(hours)).toFixed(2), `${item}: cost`);
      costs.set(number, HOURLY_PRICE_USD[type] * Number(hours));
    } else if (/^\d+( \+ \d+)*$/.test(row[1] ?? "")) totals.push(row);
  }
  assert.ok(costs.size >= 4 && totals.length >= 2, `${costs.size} lines, ${totals.length} totals`);
  for (const [study, items, total] of totals) {
    const sum = items.split(" + ").reduce((s, n) => s + costs.get(n)!, 0);
    assert.equal(total, sum.toFixed(2), study);
  }
});
