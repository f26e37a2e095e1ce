/** Colours for owning teams, distinguishable and readable with white text. */
const PALETTE = [
  '#1f5493',
  '#8a3ffc',
  '#007d79',
  '#b8470b',
  '#a2191f',
  '#3a6b00',
  '#6f4e00',
  '#9f1853',
];

export function teamColour(index: number): string {
  return PALETTE[index % PALETTE.length];
}
