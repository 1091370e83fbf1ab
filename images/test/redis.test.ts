// The Redis image run as the example's chart runs it (examples/redis): redis.conf from the
// ConfigMap named in args, the append-only file on the claim, read-only root. redis-cli ping
// answers PONG and a key survives SIGTERM.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Testing } from 'cdk8s';
import { redisImageContract as contract } from '../../examples/redis/image';
import { RedisChart } from '../../examples/redis/main';
import { useChartPod } from './support/chart-pod';
import { checkUserAndRoot, until } from './support/package-checks';
import './support/root';

const pod = useChartPod(contract, () => new RedisChart(Testing.app(), 'redis'));

test('GIVEN the Redis image with the chart\'s args and files WHEN started THEN redis-cli ping prints PONG and a key survives a restart in the append-only file', async (t) => {
  const first = pod.start();
  const ready = await until(first, 60, 'redis-cli', 'ping');
  assert.equal(ready.stdout, 'PONG\n');
  t.diagnostic(`ready after ${ready.seconds.toFixed(1)} s`);
  checkUserAndRoot(contract, first);
  assert.equal(first.exec('redis-cli', 'set', 'kept', 'survives').stdout, 'OK\n');
  await first.kill('TERM');
  assert.ok(existsSync(join(pod.dirAt('/data'), 'appendonlydir')), 'the append-only files are on the claim');

  const second = pod.start();
  await until(second, 60, 'redis-cli', 'ping');
  assert.equal(second.exec('redis-cli', 'get', 'kept').stdout, 'survives\n');
  await second.kill('TERM');
});
