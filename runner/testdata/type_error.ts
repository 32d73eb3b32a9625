export const double = (n: number): string => n * 2;
