/** The tab id of `report/index.html?tab=<id>`, or undefined for every tab. */
export function reportTabId(search: string): number | undefined {
  const value = new URLSearchParams(search).get('tab');
  if (value === null || !/^-?\d+$/.test(value.trim())) return undefined;
  return Number(value);
}
