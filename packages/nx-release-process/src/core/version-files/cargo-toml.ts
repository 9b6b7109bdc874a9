import { readTableVersion, writeTableVersion } from './toml-table';
import type { VersionFileKind } from './version-file';

const TABLES = ['package'];

/** Rust's manifest: `version` in `[package]`. */
export const cargoToml: VersionFileKind = {
  name: 'Cargo.toml',
  locations: ['Cargo.toml'],
  manifest: true,
  read: (_path, text) => readTableVersion(text, TABLES),
  write: (path, text, change) => writeTableVersion(path, text, TABLES, change),
};
