import { readTableVersion, writeTableVersion } from './toml-table';
import type { VersionFileKind } from './version-file';

// A Cargo workspace's root manifest carries the version its members inherit (`version.workspace = true`).
const TABLES = ['package', 'workspace.package'];

/** Rust's manifest: `version` in `[package]`, or in `[workspace.package]` of a Cargo workspace's root. */
export const cargoToml: VersionFileKind = {
  name: 'Cargo.toml',
  locations: ['Cargo.toml'],
  manifest: true,
  read: (path, text) => readTableVersion(path, text, TABLES),
  write: (path, text, change) => writeTableVersion(path, text, TABLES, change),
};
