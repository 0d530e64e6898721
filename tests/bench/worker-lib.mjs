// Shared by the worker benchmarks (tests/bench/worker.sh): percentiles, the worker's memory from
// /proc, the simulator's controls, and the result file each phase appends its figures to.

import fs from 'node:fs';
import { startWorker, workerEnv } from '../worker/helpers.mjs';

export const simUrl = process.env.MVSYNC_BENCH_SIM_URL;
export const apiKey = process.env.MVSYNC_BENCH_API_KEY;

/** The worker's environment on the bench site (direct mode to the simulator). */
export const benchEnv = (extra = {}) => workerEnv({ MVSYNC_API_KEY: apiKey, ...extra });

export function startBenchWorker(args) {
  return startWorker(args, benchEnv());
}

/** Nearest-rank percentile of numbers (q in 0..1). */
export function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** {rssKb, hwmKb} of a live process (VmHWM: the kernel's own peak of the resident set). */
export function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      rssKb: Number(status.match(/^VmRSS:\s+(\d+) kB/m)[1]),
      hwmKb: Number(status.match(/^VmHWM:\s+(\d+) kB/m)[1]),
    };
  } catch {
    return null; // the process has exited
  }
}

export const mb = (kb) => kb / 1024;

export async function sim(control, body) {
  const response = await fetch(`${simUrl}/_sim/${control}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(`/_sim/${control}: ${JSON.stringify(json)}`);
  return json;
}

export async function simAccount() {
  return (await sim('state?account=m1')).accounts[0];
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Appends one phase's figures to the results file (one JSON object per line). */
export function record(phase, figures) {
  const file = process.env.MVSYNC_BENCH_RESULTS;
  if (!file) throw new Error('MVSYNC_BENCH_RESULTS is not set: run tests/bench/worker.sh');
  fs.appendFileSync(file, JSON.stringify({ phase, ...figures }) + '\n');
}

/** Waits for a line on the worker's stderr (e.g. that `run` started). */
export async function waitForOutput(worker, pattern, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(worker.output().stderr)) {
    if (Date.now() > deadline) throw new Error(`the worker did not print ${pattern}: ${worker.output().stderr.slice(-500)}`);
    if (worker.child.exitCode !== null) throw new Error(`the worker exited: ${worker.output().stderr.slice(-500)}`);
    await sleep(50);
  }
}

export async function stopWorker(worker) {
  if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
  return worker.done;
}
