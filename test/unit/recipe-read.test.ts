import * as assert from 'node:assert/strict';
import { withXmp } from '../../src/recipe/embed';
import { readRecipe, recipeInPacket, type RecipeInFile } from '../../src/recipe/readRecipe';
import { RECIPE_NAMESPACE, escapeXml, xmpPacket } from '../../src/recipe/xmpPacket';
import { fixture } from '../fixtures/imaging/support';
import { sampleRecipe } from './recipe-support';

const encode = (text: string) => new TextEncoder().encode(text);
const recipe = sampleRecipe();
const packet = xmpPacket(recipe);

/** The sample packet with one property's text replaced (or the property removed, for undefined). */
function withProperty(name: string, value: string | undefined): string {
  const pattern = new RegExp(`<fluxRedux:${name}>[^<]*</fluxRedux:${name}>`);
  assert.ok(pattern.test(packet), `the sample packet has ${name}`);
  return packet.replace(pattern, value === undefined ? '' : `<fluxRedux:${name}>${escapeXml(value)}</fluxRedux:${name}>`);
}

function invalidReason(result: RecipeInFile): string {
  assert.equal(result.kind, 'invalid', JSON.stringify(result));
  return result.kind === 'invalid' ? result.reason : '';
}

describe('recipe: reading it back from a file', () => {
  it('reads the packet it writes, "a & <b>.png" included', () => {
    assert.ok(packet.includes('<fluxRedux:SourceName>a &amp; &lt;b&gt;.png</fluxRedux:SourceName>'));
    assert.deepEqual(recipeInPacket(encode(packet)), { kind: 'recipe', recipe });
  });

  it('holds no absolute path, user name or server address', () => {
    for (const word of ['/home/', 'jane', 'secret-project', 'file:', 'api.1min.ai']) {
      assert.equal(packet.includes(word), false, word);
    }
  });

  it('reads properties written as attributes, under any prefix bound to the namespace', () => {
    const attributes = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="" xmlns:fr="${RECIPE_NAMESPACE}" fr:Tool="Flux Redux Variations" fr:Seed='7'>
      ${packet.split('\n').filter((line) => line.includes('<fluxRedux:') && !/:(Tool|Seed)>/.test(line)).join('\n').replace(/fluxRedux:/g, 'fr:')}
      </rdf:Description></rdf:RDF></x:xmpmeta>`;
    const result = recipeInPacket(encode(attributes));
    assert.equal(result.kind, 'recipe', JSON.stringify(result));
    assert.equal(result.kind === 'recipe' && result.recipe.options.seed, 7);
  });

  it('finds nothing in a file without XMP or with XMP of another program', () => {
    assert.deepEqual(readRecipe(fixture('xmp.png')), { kind: 'none' });
    assert.deepEqual(readRecipe(fixture('gps-photo.jpg')), { kind: 'none' });
    assert.deepEqual(readRecipe(fixture('drawing.gif')), { kind: 'invalid', reason: 'not a PNG, JPEG or WebP file' });
  });

  it('refuses a DTD and entity declarations, without expanding anything', () => {
    const withDtd = packet.replace('<x:xmpmeta', '<!DOCTYPE x [<!ENTITY boom "Flux Redux Variations">]><x:xmpmeta');
    assert.match(invalidReason(recipeInPacket(encode(withDtd))), /DTD or entity/);
    const usesEntity = withProperty('Tool', 'x').replace('<fluxRedux:Tool>x<', '<fluxRedux:Tool>&boom;<');
    assert.match(invalidReason(recipeInPacket(encode(usesEntity))), /&boom;/);
  });

  it('refuses more than 64 KB of XMP, in the file or as a packet', () => {
    const padded = packet.replace('<?xpacket end', `${' '.repeat(70 * 1024)}\n<?xpacket end`);
    assert.match(invalidReason(recipeInPacket(encode(padded))), /64 KB/);
    const png = withXmp(fixture('xmp.png'), encode(padded));
    assert.ok(png.ok);
    assert.match(invalidReason(readRecipe(png.bytes)), /64 KB/);
  });

  it('refuses XMP that is not UTF-8 or not well formed', () => {
    const latin1 = Uint8Array.from([...encode(packet.slice(0, 200)), 0xe9, ...encode(packet.slice(200))]);
    assert.match(invalidReason(recipeInPacket(latin1)), /UTF-8/);
    assert.match(invalidReason(recipeInPacket(encode(packet.replace('</rdf:RDF>', '')))), /closes nothing|not closed/);
    assert.match(invalidReason(recipeInPacket(encode(withProperty('Model', 'a & b').replace('&amp;', '&')))), /bare "&"/);
  });

  it('refuses a property given twice or one that is not simple', () => {
    const twice = packet.replace('<fluxRedux:Seed>', '<fluxRedux:Seed>1</fluxRedux:Seed><fluxRedux:Seed>');
    assert.match(invalidReason(recipeInPacket(encode(twice))), /Seed appears more than once/);
    const nested = withProperty('Seed', 'x').replace('<fluxRedux:Seed>x<', '<fluxRedux:Seed><rdf:Seq><rdf:li>1</rdf:li></rdf:Seq><');
    assert.match(invalidReason(recipeInPacket(encode(nested))), /Seed is not a simple property/);
  });

  const badFields: Array<[string, string | undefined, RegExp]> = [
    ['Tool', 'Other Tool', /Tool must be "Flux Redux Variations"/],
    ['Tool', undefined, /Tool is missing/],
    ['ToolVersion', '1.0 beta', /ToolVersion is not valid/],
    ['Model', 'black-forest-labs/flux-pro', /Model is not valid/],
    ['AspectRatio', '7:5', /aspect_ratio must be one of/],
    ['NumOutputs', '5', /num_outputs must be a whole number from 1 to 4; got 5/],
    ['Format', 'gif', /format must be one of/],
    ['Megapixels', '2', /megapixels must be the string "1" or "0.25"/],
    ['NumInferenceSteps', '2.5', /num_inference_steps must be a whole number/],
    ['OutputQuality', '0', /output_quality must be a whole number from 1 to 100/],
    ['Seed', '-1', /seed must be a whole number from 0 to 4294967295/],
    ['Seed', '4294967296', /seed must be a whole number/],
    ['Seed', undefined, /Seed is missing/],
    ['DisableSafetyChecker', 'maybe', /disable_safety_checker must be true or false/],
    ['SourceName', '../etc/passwd', /SourceName is not valid/],
    ['SourceSHA256', 'abc', /SourceSHA256 is not valid/],
    ['GenerationId', 'not-an-id', /GenerationId is not valid/],
    ['RecordId', 'has space', /RecordId is not valid/],
    ['CreatedAt', 'yesterday', /CreatedAt is not valid/],
  ];
  for (const [name, value, expected] of badFields) {
    it(`refuses ${name} ${value === undefined ? 'missing' : JSON.stringify(value)}, saying what is wrong`, () => {
      assert.match(invalidReason(recipeInPacket(encode(withProperty(name, value)))), expected);
    });
  }

  it('reports every problem at once', () => {
    const reason = invalidReason(recipeInPacket(encode(withProperty('Seed', 'x').replace('>png<', '>gif<'))));
    assert.match(reason, /format must be one of.*; Seed: seed must be/);
  });

  it('reads a recipe without its optional fields, and leaves unknown properties of the namespace alone', () => {
    const minimal = withProperty('RecordId', undefined)
      .replace(/<fluxRedux:SourceSHA256>[^<]*<\/fluxRedux:SourceSHA256>/, '')
      .replace('<fluxRedux:Tool>', '<fluxRedux:ParentResultIndex>2</fluxRedux:ParentResultIndex><fluxRedux:Tool>');
    const result = recipeInPacket(encode(minimal));
    assert.equal(result.kind, 'recipe', JSON.stringify(result));
    if (result.kind === 'recipe') {
      assert.equal('recordId' in result.recipe || 'sourceSha256' in result.recipe, false);
    }
  });

  it('reads a ParentGenerationId when there is one, and checks it', () => {
    const withParent = packet.replace('<fluxRedux:CreatedAt>', '<fluxRedux:ParentGenerationId>20250101T000000000-zzzzzz</fluxRedux:ParentGenerationId><fluxRedux:CreatedAt>');
    const result = recipeInPacket(encode(withParent));
    assert.equal(result.kind === 'recipe' && result.recipe.parentGenerationId, '20250101T000000000-zzzzzz');
    const bad = withParent.replace('20250101T000000000-zzzzzz', 'x');
    assert.match(invalidReason(recipeInPacket(encode(bad))), /ParentGenerationId is not valid/);
  });
});
