export const double = (n: number) => n * 2;
throw new Error("config file missing");
