// Loaded with `node --require` into the load bench's backends (and, in development
// mode, the CLI processes around them): writes process.memoryUsage() of this process to
// $MEMORY_PROBE_DIR/<pid>.json every second, so the bench reads the heap without an
// inspector. It keeps no process alive.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.MEMORY_PROBE_DIR;
if (dir) {
  const file = join(dir, `${process.pid}.json`);
  const write = () => {
    try {
      writeFileSync(file, JSON.stringify(process.memoryUsage()));
    } catch {
      // the bench removed its folder: nothing to report to
    }
  };
  write();
  setInterval(write, 1000).unref();
}
