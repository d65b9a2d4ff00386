export const demoSource: string;
export function layOutDemo(folder: string): string;
