// The install's terminal output: one line per step with its time, while every command's own output
// goes to a log file. node-pty's rebuild alone prints dozens of `npm error` lines and then works;
// on screen that reads as a failure. The detail is shown only when a step really fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const PREFIX = '[harness:install]';
/** Enough to see the error and what led to it; the rest is in the log. */
const TAIL_LINES = 25;

export class StepFailure extends Error {}

export class InstallLog {
  /**
   * @param {string} file where every command's output goes, started afresh by the first step
   * (a run that reuses everything leaves the last install's log alone)
   */
  constructor(file) {
    this.file = file;
    this.started = false;
  }

  say(message) {
    console.log(`${PREFIX} ${message}`);
  }

  note(text) {
    if (!this.started) {
      fs.writeFileSync(this.file, `harness install, ${new Date().toISOString()}\n`);
      this.started = true;
    }
    fs.appendFileSync(this.file, `${text}\n`);
  }

  /**
   * Runs `work` as one step: "title …" first, then " done (N s)" on the same line, or "failed"
   * with the log's last lines and its path (and the process exits).
   */
  step(title, work) {
    const started = Date.now();
    process.stdout.write(`${PREFIX} ${title} … `);
    this.note(`\n=== ${title}`);
    try {
      const result = work();
      process.stdout.write(`done (${seconds(Date.now() - started)})\n`);
      return result;
    } catch (error) {
      process.stdout.write('failed\n');
      const message = error instanceof Error ? error.message : String(error);
      this.note(`step failed: ${message}`);
      this.fail(message);
    }
  }

  /** Ends the install: the reason, the log's last lines (when it has any) and where the rest is. */
  fail(message) {
    console.error(`${PREFIX} FAILED: ${message}`);
    const tail = (this.started ? fs.readFileSync(this.file, 'utf8') : '').trimEnd().split('\n').slice(1).slice(-TAIL_LINES);
    if (tail.length > 0) {
      console.error(`${PREFIX} last lines of the log:\n${tail.map((line) => `    ${line}`).join('\n')}`);
    }
    if (this.started) {
      console.error(`${PREFIX} full log: ${this.file}`);
    }
    process.exit(1);
  }

  /** Runs a command with its output in the log; returns its exit status. */
  run(command, args, options = {}) {
    this.note(`$ ${[command, ...args].join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
    const out = fs.openSync(this.file, 'a');
    try {
      const result = spawnSync(command, args, { ...options, stdio: ['ignore', out, out] });
      if (result.error) {
        throw new StepFailure(`${command} could not start: ${result.error.message}`);
      }
      const status = result.status ?? 1;
      this.note(`(exit status ${status})`);
      return status;
    } finally {
      fs.closeSync(out);
    }
  }

  /** Like run(), but a non-zero status fails the step. */
  mustRun(command, args, options = {}) {
    const status = this.run(command, args, options);
    if (status !== 0) {
      throw new StepFailure(`${command} ${args.join(' ')} exited with ${status}`);
    }
  }
}

function seconds(ms) {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
