/**
 * The features call and the result endpoint. A generation is one record (records.ts): the
 * synchronous call answers when it is finished; with `"async": true` the call answers at once
 * with the PROCESSING record and `GET /api/results/{uuid}` tells how it stands until it is
 * SUCCESS or FAILED. An unknown uuid answers 200 `{"aiRecord": null}`, as documented.
 */
import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { refuseKey, transportFault } from './apiGuards';
import type { EmulatorCore, RecordedRequest } from './core';
import { ASYNC_FAULTS, GENERATE_FAULTS, RESULT_FAULTS, type Fault, type GenerateFaultKind } from './faults';
import { renderResultImage } from './images';
import { type EmulatedRecord, newRecord, recordEnvelope } from './records';
import { readBody, sendJson } from './respond';
import { outputSize } from './sizes';
import { checkFeaturesBody, type VariationRequest } from './validateFeatures';

const CREDITS_PER_OUTPUT = 7_500;
/** The upstream model's words when every output is flagged; passed through as a guess. */
const ALL_WITHHELD = 'All generated images contained NSFW content. Try running it again with a different prompt.';

export async function handleFeatures(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  request: RecordedRequest,
  abort: AbortSignal,
  handOver: () => () => void,
): Promise<void> {
  const raw = await readBody(req, undefined, core.lifetime, abort);
  if (raw === undefined) {
    return;
  }
  let parsed: unknown;
  let parsedOk = true;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
    request.body = parsed;
  } catch {
    parsedOk = false;
    request.body = raw.toString('utf8');
  }
  if ((await transportFault(core, 'generate', res, abort)) === 'done' || refuseKey(core, req, res)) {
    return;
  }
  if (!parsedOk) {
    sendJson(res, 400, { errorCode: 'BAD_REQUEST', message: 'Request body is not valid JSON' });
    return;
  }
  const checked = checkFeaturesBody(parsed, (path) => core.uploads.has(path));
  if (!checked.ok) {
    const { status, errorCode, message } = checked.refusal;
    sendJson(res, status, { errorCode, message });
    return;
  }
  const asyncAsked = (parsed as Record<string, unknown>).async === true;
  const asyncFault = asyncAsked
    ? core.faults.takeIf('generate', (kind) => (ASYNC_FAULTS as readonly string[]).includes(kind))
    : undefined;
  if (asyncFault?.kind === 'refuse-async') {
    // How a NestJS validation pipe with a whitelist refuses a field it does not know.
    const status = asyncFault.status ?? 422;
    sendJson(res, status, {
      message: [asyncFault.message ?? 'property async should not exist'],
      error: status === 400 ? 'Bad Request' : 'Unprocessable Entity',
      statusCode: status,
    });
    return;
  }
  // Charged when the work starts, like the real service: a client that gives up still pays.
  core.usedCredit += CREDITS_PER_OUTPUT * checked.request.numOutputs;
  const record = newRecord(core, checked.request);

  if (asyncAsked && asyncFault?.kind !== 'ignore-async') {
    const done = handOver();
    core.countedJobs.add(done);
    void makeRecord(core, record).finally(done);
    sendJson(res, 200, recordEnvelope(core, record));
    return;
  }
  // A caller that leaves does not stop the job, as on the real service: it is charged and finished.
  await makeRecord(core, record);
  if (res.destroyed) {
    return;
  }
  if (record.status === 'FAILED' && record.errorMessage === ALL_WITHHELD) {
    // Synchronously the model host's failure comes through as a 500.
    sendJson(res, 500, { errorCode: 'INTERNAL_SERVER_ERROR', message: ALL_WITHHELD });
    return;
  }
  sendJson(res, 200, recordEnvelope(core, record));
}

/** `GET /api/results/{uuid}`: the record as it stands, or `{"aiRecord": null}`. */
export async function handleResult(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  uuid: string,
  abort: AbortSignal,
): Promise<void> {
  if ((await transportFault(core, 'result', res, abort)) === 'done' || refuseKey(core, req, res)) {
    return;
  }
  const lost = core.faults.takeIf('result', (kind) => (RESULT_FAULTS as readonly string[]).includes(kind));
  const record = core.records.get(uuid);
  if (lost || !record) {
    sendJson(res, 200, { aiRecord: null });
    return;
  }
  sendJson(res, 200, recordEnvelope(core, record));
}

/** Makes the images of `record` after the configured latency and finishes it (unless the emulator closes). */
async function makeRecord(core: EmulatorCore, record: EmulatedRecord): Promise<void> {
  if (!(await core.lifetime.sleep(core.latency.generationMs ?? 0))) {
    return;
  }
  const paths = await renderAll(core, record.request);
  const delivered = paths.slice(0, Math.max(0, paths.length - core.withheld));
  record.readyAt = Date.now();
  if (delivered.length === 0) {
    record.status = 'FAILED';
    record.errorMessage = ALL_WITHHELD;
    return;
  }
  record.resultPaths = delivered;
  record.status = 'SUCCESS';
  const reshape = core.faults.takeIf('generate', (kind) => (GENERATE_FAULTS as readonly string[]).includes(kind));
  if (reshape) {
    record.reshape = reshape as Fault & { kind: GenerateFaultKind };
  }
}

/** Renders every output, yielding between images so a slow encode does not stall other requests. */
async function renderAll(core: EmulatorCore, request: VariationRequest): Promise<string[]> {
  const source = core.uploads.get(request.imageUrl)?.bytes ?? Buffer.alloc(0);
  const seed = request.seed ?? randomInt(0, 2 ** 32 - 1);
  const { width, height } = outputSize(request.aspectRatio, request.megapixels);
  const paths: string[] = [];
  for (let index = 0; index < request.numOutputs; index++) {
    await new Promise((resolve) => setImmediate(resolve));
    const image = await renderResultImage({ source, seed, index, width, height, format: request.format, quality: request.quality });
    let path: string;
    do {
      path = `development/images/${core.stamp(new Date())}_${randomInt(100000, 1000000)}.undefined`;
    } while (core.results.has(path));
    core.storeResult(path, image);
    paths.push(path);
  }
  return paths;
}
