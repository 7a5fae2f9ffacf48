// Networks: create one, run a web server and a client on it that reach each other by name; connect a third container with an alias.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { NetworksPage } from '../pages/NetworksPage.js';
import { RunDialog } from '../pages/RunDialog.js';
import { BUSYBOX, cleanup, docker, unique } from '../support/docker.js';

const net = unique('appnet');
const names: string[] = [];
test.afterAll(() => cleanup({ names, networks: [net] }));

test('a network and two containers that reach each other by name', async ({ page }) => {
  const app = new BerthApp(page);
  const run = new RunDialog(page);
  const nets = new NetworksPage(page);
  const list = new ContainersPage(page);
  const web = unique('web');
  const cache = unique('cache');
  const client = unique('client');
  names.push(web, cache, client);
  await app.open();
  await app.go('Networks');
  await nets.create(net, [['berth.test', '1']]);

  await run.run({ image: BUSYBOX, name: web, command: 'httpd -f -p 80 -h /www', network: net, labels: [['berth.test', '1']] });
  // A third container starts on the default bridge and is connected to the network from its page, with an alias.
  await run.run({ image: BUSYBOX, name: cache, command: 'httpd -f -p 80 -h /etc', labels: [['berth.test', '1']] });
  await app.go('Networks');
  await expect(nets.row(net)).toContainText(web);
  await nets.connect(net, cache, 'kv');
  // (The row lists it once the core's model has caught up; the engine is the judge here.)
  await expect.poll(() => docker('inspect', '-f', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', cache)).toContain(net);

  await run.run({
    image: BUSYBOX,
    name: client,
    command: `sh -c "while true; do wget -qO- http://${web}/; wget -qO- http://kv/passwd | head -1; sleep 1; done"`,
    network: net,
    labels: [['berth.test', '1']],
  });
  await app.go('Containers');
  await list.expectState(client, 'Running');
  await list.open(client);
  const c = new ContainerPage(page, client);
  await expect(c.logs).toContainText('hello from berth', { timeout: 20_000 });
  await expect(c.logs).toContainText('root:x:0:0');
});
