export const double = (n: number) => n * 2
export const oops = ;
