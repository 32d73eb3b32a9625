setInterval(() => {}, 1000);
export const double = (n: number) => n * 2;
