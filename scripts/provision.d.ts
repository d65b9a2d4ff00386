export interface Toolchain {
  nodeDir: string;
  nodeHome: string;
  nodeBin: string;
  node: string;
  codeServerDir: string;
  codeServer: string;
  chromium: string;
}
export function provision(options?: { browser?: boolean }): Promise<Toolchain>;
export function paths(): Toolchain;
export const cacheRoot: string;
