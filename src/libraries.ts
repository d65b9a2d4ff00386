// Libraries too large to load at activation, each required on first use. In the extension's bundle each
// is a file of its own beside it (dist/lib/<name>.js, see esbuild.js), so activating loads none of them;
// in the command line and the tests these are plain requires.
import type * as Ajv from 'ajv';
import type * as Undici from 'undici';
import type * as Yaml from 'yaml';
import type * as Re2js from 're2js';

export type YamlLibrary = typeof Yaml;

export const undici = (): typeof Undici => require('undici');
export const yaml = (): YamlLibrary => require('yaml');
export const ajv = (): typeof Ajv => require('ajv');
export const re2js = (): typeof Re2js => require('re2js');
