/**
 * What a flag's value means where it matters (ports, mounts, network modes, restart policies,
 * environment variables) and the risks that depend on the value (`--network host`, a bind mount
 * of docker.sock or of `/`, `--cap-add SYS_ADMIN`, `--security-opt seccomp=unconfined` …).
 */
import type { Bilingual, Lang } from '../types.ts';
import type { FlagRisk } from './flags.ts';

export interface ValueNote {
  text?: string;
  risk?: FlagRisk;
}

const risk = (level: FlagRisk['level'], en: string, zh: string): FlagRisk => ({ level, reason: { en, zh } });
const say = (lang: Lang, text: Bilingual): string => text[lang];

/** `[ip:][host:]container[/proto]`, IPv6 in brackets. */
export function describePort(value: string, lang: Lang): ValueNote {
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[0-9.]+|[^:/]*[a-zA-Z][^:/]*):)??(?:([0-9-]*):)?([0-9]+(?:-[0-9]+)?)(?:\/(tcp|udp|sctp))?$/.exec(value);
  if (!m) return {};
  const [, written, host, container, proto] = m;
  const ip = written === '0.0.0.0' || written === '[::]' ? undefined : written;
  const protocol = proto ?? 'tcp';
  const where = ip
    ? ip === '127.0.0.1' || ip === '[::1]' || ip === 'localhost'
      ? say(lang, { en: `on ${ip} only: reachable from this machine, not from the network`, zh: `只在 ${ip} 上：只有本机能访问，网络上的其他机器访问不到` })
      : say(lang, { en: `on host address ${ip}`, zh: `在宿主机地址 ${ip} 上` })
    : say(lang, { en: 'on every host address (0.0.0.0 and ::): reachable from the network, and Docker’s rules go around ufw/firewalld', zh: '在宿主机所有地址上（0.0.0.0 和 ::）：网络上的机器都能访问，而且 Docker 的规则会绕过 ufw/firewalld' });
  const hostPort = host === undefined || host === '' ? say(lang, { en: 'a random free host port', zh: '一个随机的空闲宿主机端口' }) : say(lang, { en: `host port ${host}`, zh: `宿主机端口 ${host}` });
  return {
    text: say(lang, {
      en: `${hostPort} → container port ${container} (${protocol}), ${where}`,
      zh: `${hostPort} → 容器端口 ${container}（${protocol}），${where}`,
    }),
  };
}

/** Host paths whose mount hands the container the host itself. */
function hostPathRisk(source: string, readOnly: boolean): FlagRisk | undefined {
  const path = source.replace(/\/+$/, '') || '/';
  if (/(^|\/)(?:docker|containerd|podman|crio)\.sock$/.test(path) || path === '/var/run' || path === '/run')
    return risk('high', "mounts the container engine's socket (docker.sock, or containerd's): the container controls the daemon, which is root on the host (read-only does not help: the API still works)", '挂载了容器引擎的套接字（docker.sock 或 containerd 的）：容器可以控制守护进程，等同于宿主机 root（只读挂载也没用：API 照样能调用）');
  if (path === '/') return risk('high', `mounts the host's whole root filesystem${readOnly ? ' (read-only: every secret on the host can still be read)' : ': the container can change any file on the host'}`, `挂载了宿主机的整个根文件系统${readOnly ? '（只读：宿主机上的所有机密仍然可读）' : '：容器可以修改宿主机上的任何文件'}`);
  if (/^\/(?:etc|proc|sys|dev|boot|root|var\/lib\/docker|usr|bin|sbin|lib)(?:\/|$)/.test(path))
    return risk('medium', `mounts the host system path ${path}${readOnly ? ' (read-only)' : ''}`, `挂载了宿主机系统路径 ${path}${readOnly ? '（只读）' : ''}`);
  return undefined;
}

/** Whether a mount source is a host path (bind mount) rather than a volume name. */
function isHostPath(source: string): boolean {
  return /^(?:[/.~$`\\]|[A-Za-z]:[\\/]|\ue000)/.test(source) || source.startsWith('%');
}

/** `-v SOURCE:TARGET[:OPTIONS]`, `-v TARGET` (anonymous), Windows drive letters. */
export function describeVolume(value: string, lang: Lang): ValueNote {
  const drive = /^[A-Za-z]:[\\/]/.test(value) ? value.slice(0, 2) : '';
  const parts = (drive ? value.slice(2) : value).split(':');
  if (drive) parts[0] = drive + parts[0];
  if (parts.length === 1) {
    return { text: say(lang, { en: `anonymous volume at ${parts[0]}: a new volume with a random name, removed with --rm`, zh: `匿名卷挂到 ${parts[0]}：一个随机名字的新卷，加 --rm 时随容器删除` }) };
  }
  const [source = '', target = '', options = ''] = parts;
  const opts = options.split(',').filter(Boolean);
  const readOnly = opts.includes('ro') || opts.includes('readonly');
  const flags = opts.length ? say(lang, { en: ` (${opts.map((o) => OPTIONS[o]?.en ?? o).join(', ')})`, zh: `（${opts.map((o) => OPTIONS[o]?.zh ?? o).join('、')}）` }) : '';
  if (isHostPath(source)) {
    return {
      text: say(lang, { en: `bind mount: host path ${source} appears at ${target}${flags}; the container sees and changes the host's files`, zh: `绑定挂载：宿主机路径 ${source} 出现在容器的 ${target}${flags}；容器直接读写宿主机文件` }),
      risk: hostPathRisk(source, readOnly),
    };
  }
  return { text: say(lang, { en: `named volume ${source} at ${target}${flags}: Docker keeps the data, it outlives the container`, zh: `命名卷 ${source} 挂到 ${target}${flags}：数据由 Docker 管理，容器删除后仍然保留` }) };
}

const OPTIONS: Record<string, Bilingual> = {
  ro: { en: 'read-only', zh: '只读' },
  readonly: { en: 'read-only', zh: '只读' },
  rw: { en: 'read-write', zh: '读写' },
  z: { en: 'SELinux label shared by containers', zh: '容器共享的 SELinux 标签' },
  Z: { en: 'SELinux label private to this container', zh: '本容器私有的 SELinux 标签' },
  cached: { en: 'cached (Docker Desktop, ignored today)', zh: 'cached（Docker Desktop，现已忽略）' },
  delegated: { en: 'delegated (Docker Desktop, ignored today)', zh: 'delegated（Docker Desktop，现已忽略）' },
  nocopy: { en: 'do not copy the image’s files into a new volume', zh: '不把镜像里的文件复制进新卷' },
};

/** `--mount type=bind,source=/x,target=/y,readonly`. */
export function describeMount(value: string, lang: Lang): ValueNote {
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    fields.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? 'true' : part.slice(eq + 1));
  }
  const type = fields.get('type') ?? 'volume';
  const source = fields.get('source') ?? fields.get('src') ?? '';
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst') ?? '';
  const readOnly = ['readonly', 'ro'].some((k) => fields.has(k) && fields.get(k) !== 'false');
  const ro = readOnly ? say(lang, { en: ' (read-only)', zh: '（只读）' }) : '';
  if (type === 'bind') return { text: say(lang, { en: `bind mount: host path ${source} at ${target}${ro}`, zh: `绑定挂载：宿主机路径 ${source} 挂到 ${target}${ro}` }), risk: hostPathRisk(source, readOnly) };
  if (type === 'tmpfs') return { text: say(lang, { en: `in-memory tmpfs at ${target}`, zh: `内存 tmpfs 挂到 ${target}` }) };
  if (type === 'volume') return { text: source ? say(lang, { en: `named volume ${source} at ${target}${ro}`, zh: `命名卷 ${source} 挂到 ${target}${ro}` }) : say(lang, { en: `anonymous volume at ${target}`, zh: `匿名卷挂到 ${target}` }) };
  return { text: say(lang, { en: `${type} mount at ${target}`, zh: `${type} 类型挂载到 ${target}` }) };
}

const RESTART: Record<string, Bilingual> = {
  no: { en: 'never restart (the default)', zh: '从不重启（默认）' },
  always: { en: 'always restart, also when the daemon starts, even after a manual docker stop', zh: '总是重启，守护进程启动时也会，即使之前手动 docker stop 过' },
  'unless-stopped': { en: 'restart always, and when the daemon starts, unless you stopped it yourself', zh: '总是重启，守护进程启动时也会，除非是你手动停止的' },
  'on-failure': { en: 'restart only when it exits with a non-zero code', zh: '只在以非零退出码退出时重启' },
};

function describeRestart(value: string, lang: Lang): ValueNote {
  const [policy = '', max] = value.split(':');
  const known = RESTART[policy];
  if (!known) return {};
  const limit = max ? say(lang, { en: `, at most ${max} times`, zh: `，最多 ${max} 次` }) : '';
  return { text: `${known[lang]}${limit}` };
}

const SECRET = /(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY)/i;

function describeEnv(value: string, lang: Lang): ValueNote {
  const eq = value.indexOf('=');
  if (eq < 0) {
    return { text: say(lang, { en: `${value} is copied from your shell's environment (not set there → not set in the container)`, zh: `${value} 的值取自你当前 shell 的环境变量（那里没设置，容器里也不会有）` }) };
  }
  const key = value.slice(0, eq);
  const literal = value.slice(eq + 1);
  const secret = SECRET.test(key) && literal !== '' && !literal.startsWith('$') && !literal.includes('\ue000');
  return {
    text: say(lang, { en: `sets ${key}`, zh: `设置 ${key}` }),
    ...(secret ? { risk: risk('medium', `a secret in plain text: ${key} shows in docker inspect and your shell history (use --env-file or secrets)`, `明文密钥：${key} 会出现在 docker inspect 和 shell 历史里（改用 --env-file 或 secrets）`) } : {}),
  };
}

function describeNamespace(flag: string, value: string, lang: Lang): ValueNote {
  if (value !== 'host') {
    if (value.startsWith('container:')) return { text: say(lang, { en: `shares the ${flag} namespace of container ${value.slice(10)}`, zh: `与容器 ${value.slice(10)} 共享 ${flag} 命名空间` }) };
    return {};
  }
  const risks: Record<string, FlagRisk> = {
    network: risk('medium', "no network isolation: the container uses the host's network stack, reaches services on the host's localhost and -p is ignored", '没有网络隔离：容器直接使用宿主机网络栈，可以访问宿主机 localhost 上的服务，-p 被忽略'),
    pid: risk('high', 'the container sees every host process and, as root, can signal or trace them', '容器能看到宿主机的所有进程，以 root 运行时还能向它们发信号或跟踪它们'),
    ipc: risk('medium', "shares the host's shared memory and IPC objects", '与宿主机共享共享内存和 IPC 对象'),
    uts: risk('medium', "shares the host's host name; the container can change it", '与宿主机共享主机名，容器可以修改它'),
    userns: risk('medium', 'turns off user-namespace remapping: root in the container is root on the host', '关闭了用户命名空间映射：容器里的 root 就是宿主机 root'),
    cgroupns: risk('medium', "the container sees the host's cgroup tree", '容器能看到宿主机的 cgroup 树'),
  };
  return { text: say(lang, { en: `the host's ${flag} namespace`, zh: `使用宿主机的 ${flag} 命名空间` }), risk: risks[flag] };
}

function describeNetwork(value: string, lang: Lang): ValueNote {
  if (value === 'host') return { ...describeNamespace('network', value, lang), text: say(lang, { en: "host network: the container's ports are the host's ports", zh: 'host 网络：容器的端口就是宿主机的端口' }) };
  if (value === 'none') return { text: say(lang, { en: 'no network at all (loopback only)', zh: '完全没有网络（只有回环）' }) };
  if (value === 'bridge' || value === 'default') return { text: say(lang, { en: 'the default bridge network', zh: '默认 bridge 网络' }) };
  if (value.startsWith('container:')) return { text: say(lang, { en: `shares the network of container ${value.slice(10)}`, zh: `与容器 ${value.slice(10)} 共享网络` }) };
  return { text: say(lang, { en: `user-defined network ${value}: containers on it reach each other by name`, zh: `自定义网络 ${value}：同一网络里的容器可以用名字互相访问` }) };
}

const HIGH_CAPS = new Set(['ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'DAC_READ_SEARCH', 'BPF', 'PERFMON']);

function describeCap(value: string): ValueNote {
  const caps = value.toUpperCase().replace(/^CAP_/, '').split(',');
  const high = caps.filter((c) => HIGH_CAPS.has(c.replace(/^CAP_/, '')));
  if (high.length)
    return { risk: risk('high', `${high.join(', ')} is close to full root on the host (mounts, kernel modules, reading other processes)`, `${high.join('、')} 几乎等于宿主机 root（挂载、内核模块、读取其他进程）`) };
  return { risk: risk('medium', `adds ${caps.join(', ')} beyond Docker's default capabilities`, `在 Docker 默认 capability 之外增加了 ${caps.join('、')}`) };
}

function describeSecurityOpt(value: string, lang: Lang): ValueNote {
  const v = value.replace(/:/, '=');
  if (/^no-new-privileges(?:=true)?$/.test(v)) return { text: say(lang, { en: 'hardening: processes cannot gain privileges (setuid)', zh: '加固：进程无法再提升权限（setuid）' }) };
  if (/unconfined$/.test(v) || v === 'label=disable')
    return { risk: risk('high', `${value} switches off a kernel confinement layer (seccomp, AppArmor, SELinux or masked /proc paths)`, `${value} 关掉了一层内核防护（seccomp、AppArmor、SELinux 或屏蔽的 /proc 路径）`) };
  return { risk: risk('medium', `a custom security profile: ${value}`, `自定义安全配置：${value}`) };
}

/** The value note for one flag of one command; empty when the value needs no words. */
export function describeValue(command: string, long: string, value: string, lang: Lang): ValueNote {
  const container = command === 'run' || command === 'create' || command === 'compose run' || command === 'exec' || command === 'compose exec';
  if (!container) {
    if (long === 'network' && (command === 'build' || command === 'buildx build') && value === 'host') return { risk: risk('medium', 'RUN steps use the host network', 'RUN 步骤使用宿主机网络') };
    return {};
  }
  switch (long) {
    case 'publish':
      return describePort(value, lang);
    case 'volume':
      return describeVolume(value, lang);
    case 'mount':
      return describeMount(value, lang);
    case 'restart':
      return describeRestart(value, lang);
    case 'env':
      return describeEnv(value, lang);
    case 'network':
    case 'net':
      return describeNetwork(value, lang);
    case 'pid':
    case 'ipc':
    case 'uts':
    case 'userns':
    case 'cgroupns':
      return describeNamespace(long, value, lang);
    case 'cap-add':
      return describeCap(value);
    case 'security-opt':
      return describeSecurityOpt(value, lang);
    case 'gpus':
      return value === 'all' ? { text: say(lang, { en: 'every GPU on the host', zh: '宿主机上的所有 GPU' }) } : {};
    case 'user':
      return value === '0' || value === 'root' || value.startsWith('0:') || value.startsWith('root:') ? { text: say(lang, { en: 'root', zh: 'root 用户' }) } : {};
    default:
      return {};
  }
}
