import { operations } from '../../generated/api';

type Dict = Record<string, unknown>;

/** Keys that live in the file only, or hold a path there and content in the request. */
const FILE_KEYS = new Set(['$schema', 'id', 'code', 'icon', 'readme', 'tables']);

export type DeployOperation =
  'updateBot' | 'createIntegration' | 'updateIntegration' | 'createPlugin' | 'updatePlugin' | 'createInterface' | 'updateInterface';

/**
 * The request body of a definition for `operation`: the keys that operation accepts, without the
 * file-only keys and without the files (`encodedFiles` adds them). An integration update thereby leaves
 * out what identifies the version (`name`, `version`).
 */
export function requestBody(definition: Dict, operation: DeployOperation): Dict {
  const accepted = new Set(operations[operation].bodyParams ?? []);
  return Object.fromEntries(
    Object.entries(definition).filter(([key, value]) => accepted.has(key) && !FILE_KEYS.has(key) && value !== undefined),
  );
}

/** The files a deploy sends with the definition: the bundled code, and an integration's readme and icon. */
export interface DeployFiles {
  code?: string;
  readme?: Uint8Array;
  icon?: Uint8Array;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** The files as the API takes them: code as text, readme and icon base64-encoded. */
export function encodedFiles(files: DeployFiles): Dict {
  return {
    ...(files.code !== undefined && { code: files.code }),
    ...(files.readme && { readme: base64(files.readme) }),
    ...(files.icon && { icon: base64(files.icon) }),
  };
}
