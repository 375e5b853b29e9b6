/**
 * The user's words for a failure's facts: what went wrong in plain words, what to do about it,
 * and the server's own words when it gave any. Made when the error is made (its `message`, for the
 * log and scripts) and again whenever a stored failure is shown, so a record written in one
 * language reads right in another.
 */
import * as l10n from '@vscode/l10n';
import { assertNever } from '../shared/guards';
import { baseUrlProblemWords } from './endpoint';
import type { ApiOperation } from './errors';
import type { FailureFacts, SourceProblem, TriedSource } from './failureFacts';

export function describeFailureFacts(facts: FailureFacts): string {
  const words = sentenceFor(facts);
  return facts.serverMessage ? l10n.t('{0} The server said: “{1}”', words, facts.serverMessage) : words;
}

/**
 * One whole sentence per operation: a translator sees each sentence as it is shown, never
 * "while {0}" with a phrase slotted in.
 */
function byOperation(operation: ApiOperation, sentences: Record<ApiOperation, () => string>): string {
  return sentences[operation]();
}

function sentenceFor(facts: FailureFacts): string {
  switch (facts.what) {
    case 'missing-key':
      return l10n.t('No 1min.ai API key is set. Run “Flux Redux: Set API Key…” to add one.');
    case 'key-unusable':
      return l10n.t('The saved API key contains spaces or characters an API key cannot have. Run “Flux Redux: Set API Key…” to enter it again.');
    case 'key-refused':
      return l10n.t('1min.ai refused the API key (HTTP {0}). Run “Flux Redux: Set API Key…” to enter a valid key.', facts.status);
    case 'no-credits':
      return l10n.t('Your 1min.ai account does not have enough credits for this run. Add credits on 1min.ai or ask for fewer outputs.');
    case 'refused':
      return byOperation(facts.operation, {
        upload: () => l10n.t('1min.ai refused uploading the image (HTTP 403). Check that your account and key may use this model; the log has details.'),
        generate: () => l10n.t('1min.ai refused making the variations (HTTP 403). Check that your account and key may use this model; the log has details.'),
        download: () => l10n.t('1min.ai refused downloading a result (HTTP 403). Check that your account and key may use this model; the log has details.'),
      });
    case 'upload-too-large':
      return l10n.t('The image is too large for 1min.ai to accept (HTTP 413). Use a smaller file (well under 50 MB), for example by scaling it down or saving it as JPEG or WebP.');
    case 'rate-limited':
      return facts.retryAfterSeconds !== undefined
        ? l10n.t(
            '1min.ai is limiting requests right now (HTTP 429) and did not process this one. The server asked to wait {0} s. Try again in a minute.',
            facts.retryAfterSeconds,
          )
        : l10n.t('1min.ai is limiting requests right now (HTTP 429) and did not process this one. Try again in a minute.');
    case 'all-withheld':
      return l10n.t('No images came back: the provider’s safety checker withheld every output. Try another seed or source image.');
    case 'server-error': {
      const status = facts.status;
      return byOperation(facts.operation, {
        upload: () => l10n.t('1min.ai had a problem while uploading the image (HTTP {0}). Try again in a few minutes.', status),
        generate: () => l10n.t('1min.ai had a problem while making the variations (HTTP {0}). Try again in a few minutes.', status),
        download: () => l10n.t('1min.ai had a problem while downloading a result (HTTP {0}). Try again in a few minutes.', status),
      });
    }
    case 'unknown-asset':
      return l10n.t('1min.ai does not know the uploaded image any more (HTTP {0}). It has to be uploaded again.', facts.status);
    case 'api-not-found':
      return byOperation(facts.operation, {
        upload: () => l10n.t('The 1min.ai API was not found at the configured address (HTTP 404 while uploading the image). Check the setting fluxRedux.apiBaseUrl.'),
        generate: () => l10n.t('The 1min.ai API was not found at the configured address (HTTP 404 while making the variations). Check the setting fluxRedux.apiBaseUrl.'),
        download: () => l10n.t('The 1min.ai API was not found at the configured address (HTTP 404 while downloading a result). Check the setting fluxRedux.apiBaseUrl.'),
      });
    case 'rejected': {
      const status = facts.status;
      return byOperation(facts.operation, {
        upload: () => l10n.t('1min.ai rejected the request while uploading the image (HTTP {0}).', status),
        generate: () => l10n.t('1min.ai rejected the request while making the variations (HTTP {0}).', status),
        download: () => l10n.t('1min.ai rejected the request while downloading a result (HTTP {0}).', status),
      });
    }
    case 'unexpected-status': {
      const status = facts.status;
      return byOperation(facts.operation, {
        upload: () => l10n.t('1min.ai gave an unexpected answer while uploading the image (HTTP {0}).', status),
        generate: () => l10n.t('1min.ai gave an unexpected answer while making the variations (HTTP {0}).', status),
        download: () => l10n.t('1min.ai gave an unexpected answer while downloading a result (HTTP {0}).', status),
      });
    }
    case 'unreachable':
      return unreachableWords(facts.operation, facts.host, facts.code);
    case 'timeout':
      return timeoutWords(facts.operation, facts.seconds);
    case 'poll-timeout':
      return l10n.t(
        '1min.ai had not finished the variations after {0} s. “Fetch Results Later” looks again without a new generation; the setting fluxRedux.requestTimeoutSeconds allows more time.',
        facts.seconds,
      );
    case 'cancelled':
      return byOperation(facts.operation, {
        upload: () => l10n.t('Cancelled while uploading the image.'),
        generate: () => l10n.t('Cancelled while making the variations.'),
        download: () => l10n.t('Cancelled while downloading a result.'),
      });
    case 'api-redirected':
      return l10n.t(
        'The API at {0} redirected to {1}. Your API key is sent only to {0}, so the redirect was not followed. If the API has moved, change the setting fluxRedux.apiBaseUrl.',
        facts.host,
        facts.location,
      );
    case 'answer-too-large':
      return l10n.t('The answer from {0} was far larger than any API answer should be.', facts.host);
    case 'bad-setting':
      return baseUrlProblemWords(facts.problem);
    case 'not-json':
      return l10n.t('1min.ai answered with something that is not JSON (HTTP {0}). A proxy or gateway may be in the way; see the log.', facts.status);
    case 'upload-without-path':
      return l10n.t('The upload answer from 1min.ai did not say where the image was stored (no fileContent.path or asset.key).');
    case 'answer-not-object':
      return l10n.t('The answer from 1min.ai was not a JSON object.');
    case 'no-ai-record':
      return l10n.t('The answer from 1min.ai had no aiRecord, so no results could be read from it.');
    case 'generation-unfinished':
      return l10n.t('1min.ai answered before the variations were finished (status {0}).', facts.recordStatus);
    case 'generation-failed':
      return l10n.t('1min.ai reports that the variations failed (status {0}).', facts.recordStatus);
    case 'error-code-instead':
      return l10n.t('1min.ai returned an error code instead of images.');
    case 'no-images':
      return l10n.t('1min.ai returned no images. The provider’s safety checker may have withheld all of them; try another seed or image.');
    case 'record-lost':
      return l10n.t(
        '1min.ai no longer knows the generation it had accepted, so its results cannot be fetched. Credits may have been spent; 1min.ai support can look the record up.',
      );
    case 'nowhere-to-download':
      return l10n.t(
        'There is nowhere to download the result “{0}” from: the server gave no link for it and the setting fluxRedux.assetBaseUrls lists no usable base.',
        facts.resultPath,
      );
    case 'download-not-an-image':
      return l10n.t('The result “{0}” could not be downloaded as a PNG, JPEG or WebP image. Tried {1}.', facts.name, triedList(facts.tried));
    case 'download-failed':
      return l10n.t(
        'The result “{0}” could not be downloaded. Tried {1}. Retry the download; if it keeps failing, check the setting fluxRedux.assetBaseUrls.',
        facts.name,
        triedList(facts.tried),
      );
    case 'download-elsewhere':
      return facts.redirected
        ? l10n.t(
            'The result “{0}” was not downloaded: its download was redirected to {1}, which is not under any address of the setting fluxRedux.assetBaseUrls. Results are fetched only from the addresses listed there.',
            facts.name,
            facts.host,
          )
        : l10n.t(
            'The result “{0}” was not downloaded: the server gave its address on {1}, which is not under any address of the setting fluxRedux.assetBaseUrls. Results are fetched only from the addresses listed there.',
            facts.name,
            facts.host,
          );
    case 'download-too-large':
      return l10n.t('The result “{0}” was not downloaded: it is larger than {1} MB, more than any result image should be.', facts.name, facts.maxMB);
    case 'download-too-many-pixels':
      return l10n.t(
        'The result “{0}” was not stored: its header says {1} × {2} pixels, more than the {3} megapixels a result image may have.',
        facts.name,
        facts.width,
        facts.height,
        facts.maxMegapixels,
      );
    default:
      return assertNever(facts);
  }
}

/** `code` is a system or undici error code such as ECONNREFUSED, shown as it is. */
function unreachableWords(operation: ApiOperation, host: string, code: string | undefined): string {
  if (code === undefined) {
    return byOperation(operation, {
      upload: () => l10n.t('Could not reach 1min.ai at {0} while uploading the image. Check your network connection and proxy settings.', host),
      generate: () => l10n.t('Could not reach 1min.ai at {0} while making the variations. Check your network connection and proxy settings.', host),
      download: () => l10n.t('Could not reach {0} while downloading a result.', host),
    });
  }
  return byOperation(operation, {
    upload: () => l10n.t('Could not reach 1min.ai at {0} while uploading the image ({1}). Check your network connection and proxy settings.', host, code),
    generate: () => l10n.t('Could not reach 1min.ai at {0} while making the variations ({1}). Check your network connection and proxy settings.', host, code),
    download: () => l10n.t('Could not reach {0} while downloading a result ({1}).', host, code),
  });
}

function timeoutWords(operation: ApiOperation, seconds: number): string {
  return byOperation(operation, {
    upload: () => l10n.t('Nothing moved for {0} s while uploading the image, so it was stopped. Check your connection and try again.', seconds),
    generate: () =>
      l10n.t(
        '1min.ai did not answer within {0} s while making the variations. Large or many outputs take longer; the setting fluxRedux.requestTimeoutSeconds allows more time.',
        seconds,
      ),
    download: () => l10n.t('Nothing moved for {0} s while downloading a result, so it was stopped. Check your connection and try again.', seconds),
  });
}

/** Short words for one entry of the "Tried …" list in a download failure. */
function problemWords(problem: SourceProblem): string {
  switch (problem.kind) {
    case 'empty':
      return l10n.t('empty answer');
    case 'cut-off':
      return l10n.t('image cut off before its end');
    case 'other-format':
      return l10n.t({ message: 'a {0} file, not PNG, JPEG or WebP', args: [problem.format], comment: ['{0} is an image format such as GIF or TIFF'] });
    case 'html':
      return l10n.t('an HTML page, not an image');
    case 'not-an-image':
      return l10n.t('not an image');
    case 'http':
      return l10n.t({ message: 'HTTP {0}', args: [problem.status], comment: ['{0} is an HTTP status code such as 403'] });
    case 'timeout':
      return l10n.t('no answer in time');
    case 'unreachable':
      return problem.code === undefined
        ? l10n.t('unreachable (network error)')
        : l10n.t({ message: 'unreachable ({0})', args: [problem.code], comment: ['{0} is a system error code such as ECONNREFUSED'] });
    case 'too-large':
      return l10n.t('too large to be a result image');
    case 'redirected':
      return l10n.t('redirected to {0}', problem.location);
    case 'elsewhere':
      return problem.redirected
        ? l10n.t({ message: 'redirected to {0}, not under fluxRedux.assetBaseUrls', args: [problem.host], comment: ['{0} is a host name such as example.com'] })
        : l10n.t({ message: 'on {0}, not under fluxRedux.assetBaseUrls', args: [problem.host], comment: ['{0} is a host name such as example.com'] });
    case 'too-many-pixels':
      return l10n.t({
        message: '{0} × {1} pixels, too many for a result image',
        args: [problem.width, problem.height],
        comment: ['{0} and {1} are the width and height of an image'],
      });
    default:
      return assertNever(problem);
  }
}

function triedList(tried: readonly TriedSource[]): string {
  const entries = tried.map(({ url, problem }) =>
    l10n.t({
      message: '{0}: {1}',
      args: [url, problemWords(problem)],
      comment: ['One download source that was tried: {0} is its URL, {1} why it gave no image, such as "HTTP 403"'],
    }),
  );
  return entries.join(l10n.t({ message: '; ', comment: ['Separates the download sources in the list after "Tried"'] }));
}
