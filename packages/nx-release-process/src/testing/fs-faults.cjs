// Preloaded with `node --require` (NODE_OPTIONS) into a command under test: every write of a file under
// FS_FAULT_ROOT (Nx's own cache and node_modules aside) is counted in FS_FAULT_LOG, and the FS_FAULT_AT-th
// one fails with ENOSPC, as a full disk makes it fail. Writes of other processes (git) are not seen here.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = process.env.FS_FAULT_ROOT && fs.realpathSync(process.env.FS_FAULT_ROOT);
const at = Number(process.env.FS_FAULT_AT || 0);
const log = process.env.FS_FAULT_LOG;

function counted(file) {
  if (!root || typeof file !== 'string') return false;
  const full = path.resolve(file);
  const inside = full === root || full.startsWith(root + path.sep);
  return inside && !/[\\/](\.nx|node_modules)[\\/]/.test(full.slice(root.length));
}

function check(file) {
  if (!counted(file)) return;
  fs.appendFileSync(log, `${path.relative(root, path.resolve(file))}\n`);
  const count = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
  if (count === at) {
    const error = new Error(`ENOSPC: no space left on device, write '${file}'`);
    error.code = 'ENOSPC';
    error.errno = -28;
    error.syscall = 'write';
    throw error;
  }
}

// One write is one count: the open inside writeFileSync is not counted again.
let writing = false;
for (const name of ['writeFileSync', 'appendFileSync']) {
  const original = fs[name];
  fs[name] = function (file, ...rest) {
    check(file);
    writing = true;
    try {
      return original.call(this, file, ...rest);
    } finally {
      writing = false;
    }
  };
}
// A file opened for writing (the temporary file of a write-then-rename) counts once, at its opening.
const openSync = fs.openSync;
fs.openSync = function (file, flags, ...rest) {
  const writes =
    typeof flags === 'string'
      ? /[wa+]/.test(flags)
      : typeof flags === 'number' && (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) !== 0;
  if (writes && !writing) check(file);
  return openSync.call(this, file, flags, ...rest);
};
for (const name of ['writeFile', 'appendFile']) {
  const original = fs.promises[name];
  fs.promises[name] = async function (file, ...rest) {
    check(file);
    return original.call(this, file, ...rest);
  };
}
