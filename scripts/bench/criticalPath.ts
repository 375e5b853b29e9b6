/**
 * What the server saw of one benchmarked run: the ideal critical path and, for an asynchronous
 * run, when its polls went out against when its record was ready. Read from the emulator's own
 * request log and record times, never from the extension.
 */
import type { RecordedRequest, RecordTimes } from '../../test/emulator';

export interface PollSchedule {
  /** The record became final this long after the paid call reached the server. */
  readyMs?: number;
  /** When each poll reached the server, in ms after the paid call. */
  pollsMs: number[];
  /** How long after the record was ready the answer that showed it had been sent back. */
  seenAfterReadyMs?: number;
  /** After that answer: until the first download reached the asset host. */
  seenToDownloadMs?: number;
  /** From the first download's start to the last one's end. */
  downloadsMs?: number;
  /** From the last download's end to the run's *stored* (`to`). */
  downloadsToStoredMs?: number;
}

export function duration(request: RecordedRequest): number {
  return (request.endedAt ?? request.startedAt) - request.startedAt;
}

/**
 * The requests a run sent between `from` and `to` (its *stored*), by when they started: the
 * emulator notes a download's end after the last byte left, which can be a few ms after the
 * extension stored it, and such a download belongs to the run all the same.
 */
function requestsIn(requests: RecordedRequest[], from: number, to: number): RecordedRequest[] {
  return requests.filter((r) => r.startedAt >= from && r.startedAt <= to);
}

function isPaidCall(request: RecordedRequest): boolean {
  return request.path === '/api/features' && request.status === 200;
}

/** The record a paid call made: the one accepted while the call was open. */
function recordOf(paidCall: RecordedRequest, records: RecordTimes[]): RecordTimes | undefined {
  return records.find((r) => r.acceptedAt >= paidCall.startedAt && r.acceptedAt <= (paidCall.endedAt ?? Number.POSITIVE_INFINITY));
}

/**
 * Server-side critical path of the requests one run made (between `from` and `to`): the upload of
 * the bytes actually sent + the paid call until its record was ready (the generation, whichever
 * way the answer then came back) + the slowest single download.
 */
export function idealMs(requests: RecordedRequest[], records: RecordTimes[], from: number, to: number): { ms: number; uploadedBytes: number } {
  const inRun = requestsIn(requests, from, to);
  const upload = inRun.filter((r) => r.path === '/api/assets' && r.status === 200);
  const generation = inRun.filter(isPaidCall).map((call) => {
    const readyAt = recordOf(call, records)?.readyAt;
    return readyAt !== undefined ? readyAt - call.startedAt : duration(call);
  });
  const downloads = inRun.filter((r) => r.server === 'asset' && r.status === 200);
  return {
    ms: upload.reduce((sum, r) => sum + duration(r), 0) + generation.reduce((sum, ms) => sum + ms, 0) + Math.max(0, ...downloads.map(duration)),
    uploadedBytes: upload.reduce((sum, r) => sum + (r.upload?.bytes.length ?? 0), 0),
  };
}

/**
 * When the run learnt that its record was ready: the first poll that went out after it (async),
 * or the paid call's own answer (sync).
 */
export function pollSchedule(requests: RecordedRequest[], records: RecordTimes[], from: number, to: number): PollSchedule {
  const inRun = requestsIn(requests, from, to);
  const paidCall = inRun.find(isPaidCall);
  if (!paidCall) {
    return { pollsMs: [] };
  }
  const record = recordOf(paidCall, records);
  const polls = inRun.filter((r) => record && r.path === `/api/results/${record.uuid}`);
  const pollsMs = polls.map((r) => r.startedAt - paidCall.startedAt);
  if (record?.readyAt === undefined) {
    return { pollsMs };
  }
  const readyAt = record.readyAt;
  const seenBy = polls.length > 0 ? polls.find((r) => r.startedAt >= readyAt) : paidCall;
  // Where the time goes once the run knows: the downloads start, run, and the results are stored.
  const downloads = inRun.filter((r) => r.server === 'asset' && r.status === 200);
  const firstDownload = downloads.length > 0 ? Math.min(...downloads.map((r) => r.startedAt)) : undefined;
  const lastDownloadEnd = downloads.length > 0 ? Math.max(...downloads.map((r) => r.endedAt ?? r.startedAt)) : undefined;
  return {
    readyMs: readyAt - paidCall.startedAt,
    pollsMs,
    seenAfterReadyMs: seenBy?.endedAt !== undefined ? seenBy.endedAt - readyAt : undefined,
    seenToDownloadMs: seenBy?.endedAt !== undefined && firstDownload !== undefined ? firstDownload - seenBy.endedAt : undefined,
    downloadsMs: firstDownload !== undefined && lastDownloadEnd !== undefined ? lastDownloadEnd - firstDownload : undefined,
    downloadsToStoredMs: lastDownloadEnd !== undefined ? to - lastDownloadEnd : undefined,
  };
}
