/** The parser and the flag reading on the cases issue 15 names. */
import { describe, expect, it } from 'vitest';
import { explainCommand, explanationJson } from '../../src/explain/explain.ts';

const flags = (line: string) => explainCommand(line)!.args.map((a) => [a.flag, a.value]);

describe('explainCommand', () => {
  it('reads quotes, continuations and keeps $(…), ${VAR} and $VAR as written', () => {
    const e = explainCommand('docker run -d \\\n  -v "$(pwd)/data:/data" \\\n  -v ${HOME}/.cfg:/cfg -e "GREETING=hello world" -e HOST=$HOSTNAME nginx')!;
    expect(e.args.map((a) => a.value)).toEqual([null, '$(pwd)/data:/data', '${HOME}/.cfg:/cfg', 'GREETING=hello world', 'HOST=$HOSTNAME']);
    expect(e.args[1]!.text).toContain('bind mount');
    expect(e.image).toBe('nginx');
  });

  it('reads --flag=value, --flag value, -itd, -p8080:80, -e=X and --', () => {
    expect(flags('docker run --name=web --name web -itd -p8080:80 -e=X alpine')).toEqual([
      ['--name', 'web'], ['--name', 'web'], ['-i', null], ['-t', null], ['-d', null], ['-p', '8080:80'], ['-e', 'X'],
    ]);
    const e = explainCommand('docker exec -it web -- ls -la')!;
    expect(e.containerCommand).toEqual(['--', 'ls', '-la']);
    expect(explainCommand('docker cp -a -- -weird.txt web:/tmp')!.positionals.map((p) => p.value)).toEqual(['-weird.txt', 'web:/tmp']);
  });

  it('never reads the container command as docker flags', () => {
    const e = explainCommand('docker run --rm alpine ls -la --privileged /')!;
    expect(e.args.map((a) => a.flag)).toEqual(['--rm']);
    expect(e.containerCommand).toEqual(['ls', '-la', '--privileged', '/']);
    expect(e.args.some((a) => a.risk)).toBe(false);
  });

  it('knows the long forms, compose (v2 and v1), buildx and the prunes', () => {
    expect(explainCommand('docker container run -d nginx')!.command).toBe('docker container run');
    expect(explainCommand('docker container run -d nginx')!.args[0]!.topic).toBe('run-detached');
    const up = explainCommand('docker compose -f a.yml -f b.yml -p shop --profile debug up -d --build web')!;
    expect(up.args.map((a) => a.flag)).toEqual(['-f', '-f', '-p', '--profile', '-d', '--build']);
    expect(up.positionals).toEqual([{ name: 'SERVICE…', value: 'web' }]);
    const run = explainCommand('docker-compose run --rm -e X=1 web python manage.py migrate')!;
    expect(run.command).toBe('docker-compose run');
    expect(run.containerCommand).toEqual(['python', 'manage.py', 'migrate']);
    expect(explainCommand('docker compose exec -T db psql -U postgres')!.containerCommand).toEqual(['psql', '-U', 'postgres']);
    expect(explainCommand('docker compose down -v --rmi all')!.args[0]!.risk!.level).toBe('high');
    expect(explainCommand('docker compose logs -f --tail 100 web')!.unknown).toEqual([]);
    expect(explainCommand('docker buildx build --platform linux/amd64,linux/arm64 -t me/app:1 --push .')!.unknown).toEqual([]);
    expect(explainCommand('docker build -t app --build-arg V=1 -f docker/Dockerfile .')!.positionals).toEqual([{ name: 'PATH', value: '.' }]);
    expect(explainCommand('docker system prune -af --volumes')!.args.map((a) => a.risk?.level)).toEqual(['medium', 'medium', 'high']);
    expect(explainCommand('docker image prune -a --filter until=24h')!.unknown).toEqual([]);
    expect(explainCommand('docker network create --driver bridge --subnet 172.28.0.0/16 mynet')!.unknown).toEqual([]);
    expect(explainCommand('docker volume create --driver local --opt type=nfs data')!.unknown).toEqual([]);
    expect(explainCommand('docker logs -f --since 10m web')!.unknown).toEqual([]);
    expect(explainCommand('docker tag app:1 registry.example.com/app:1')!.image).toBe('app:1');
    expect(explainCommand('docker pull --platform linux/arm64 nginx')!.image).toBe('nginx');
    expect(explainCommand('docker push -a me/app')!.image).toBe('me/app');
    expect(explainCommand('docker -H ssh://me@host run -d nginx')!.args[0]!.flag).toBe('-H');
  });

  it('explains values: addresses and protocols, volumes vs bind mounts, restart, -e KEY', () => {
    const e = explainCommand('docker run -p 127.0.0.1:5000:5000/udp -p 80 -v data:/data -v ./site:/usr/share/nginx/html:ro -v /cache --restart unless-stopped -e TOKEN nginx')!;
    const text = e.args.map((a) => a.text);
    expect(text[0]).toMatch(/127\.0\.0\.1 only.*/);
    expect(text[0]).toContain('(udp)');
    expect(text[1]).toContain('random');
    expect(text[2]).toContain('named volume data');
    expect(text[3]).toMatch(/bind mount.*read-only/);
    expect(text[4]).toContain('anonymous volume');
    expect(text[5]).toContain('unless you stopped it');
    expect(text[6]).toContain("copied from your shell's environment");
    expect(explainCommand('docker run -p 8080:80 nginx', 'zh')!.args[0]!.text).toContain('宿主机端口 8080');
  });

  it('flags the risks the issue lists', () => {
    const e = explainCommand(
      'docker run --privileged -v /var/run/docker.sock:/var/run/docker.sock -v /:/host --network host --pid host --ipc host --cap-add NET_ADMIN --cap-add SYS_ADMIN --security-opt apparmor=unconfined --device /dev/fuse --userns host --use-api-socket alpine',
    )!;
    expect(e.args.map((a) => `${a.flag} ${a.risk?.level}`)).toEqual([
      '--privileged high', '-v high', '-v high', '--network medium', '--pid high', '--ipc medium', '--cap-add medium', '--cap-add high', '--security-opt high', '--device medium', '--userns medium', '--use-api-socket high',
    ]);
    expect(explainCommand('docker run --security-opt no-new-privileges:true alpine')!.args[0]!.risk).toBeNull();
  });

  it('lists unknown flags as unknown and invents nothing', () => {
    const e = explainCommand('docker run --frobnicate -Z --name x alpine')!;
    expect(e.unknown).toEqual(['--frobnicate', '-Z']);
    expect(e.args.map((a) => a.flag)).toEqual(['--name']);
    expect(explainCommand('docker compose ps --all')!.unknown).toEqual(['--all']);
    expect(explainCommand('ls -la')).toBeNull();
    expect(explainCommand('')).toBeNull();
  });

  it('skips sudo, prompts and VAR=value, and stops at a pipe', () => {
    expect(explainCommand('$ sudo -E docker ps')!.command).toBe('docker ps');
    expect(explainCommand('DOCKER_BUILDKIT=1 docker build .')!.command).toBe('docker build');
    expect(explainCommand('docker logs web 2>&1 | grep error')!.positionals).toEqual([{ name: 'CONTAINER', value: 'web' }]);
  });

  it('prints exactly the JSON contract fields', () => {
    const json = explanationJson(explainCommand('docker run -d --privileged nginx')!);
    expect(Object.keys(json)).toEqual(['command', 'image', 'args', 'unknown', 'containerCommand']);
    expect(Object.keys(json.args[0]!)).toEqual(['flag', 'value', 'text', 'topic', 'risk']);
    expect(json.args[1]!.risk).toEqual({ level: 'high', reason: expect.any(String) });
  });
});
