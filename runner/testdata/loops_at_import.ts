export const double = (n: number) => n * 2;
while (true) {}
