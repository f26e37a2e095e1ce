/** "inventory-team" for "group:default/inventory-team". */
export function shortRef(ref: string | undefined): string | undefined {
  if (!ref) {
    return undefined;
  }
  const name = ref.split('/').pop() ?? ref;
  return name.includes(':') ? name.split(':').pop() : name;
}
