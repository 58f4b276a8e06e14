/**
 * The flag table of `dockhand explain`: for each docker subcommand it knows, every flag's long and
 * short name, whether it takes a value, a one-line meaning in English and Chinese, the note that
 * explains it and, where one applies, a risk. Names, short forms and value-taking were checked
 * against the sources (docker/cli v29.7.2, docker/compose v5.5.0, docker/buildx v0.36.1):
 * test/explain/flags.test.ts compares every row with test/explain/source-flags.json, which
 * scripts/extract-docker-flags.ts extracts from those sources. A flag missing here is reported
 * as unknown, never guessed.
 */
import type { Bilingual } from '../types.ts';

export type RiskLevel = 'high' | 'medium';

export interface FlagRisk {
  level: RiskLevel;
  reason: Bilingual;
}

export interface FlagDef {
  long: string;
  short: string | null;
  /** Takes a value (`--name web`, `--name=web`); false for switches (`-d`, `--rm`). */
  value: boolean;
  text: Bilingual;
  /** The note that explains it (a knowledge id), or null when no note covers it. */
  topic: string | null;
  /** A risk whatever the value (`--privileged`); value-dependent risks live in values.ts. */
  risk?: FlagRisk;
}

type Row = [long: string, short: string, value: 0 | 1, topic: string | null, en: string, zh: string, risk?: FlagRisk];

const row = ([long, short, value, topic, en, zh, risk]: Row): FlagDef => ({ long, short: short || null, value: value === 1, text: { en, zh }, topic, ...(risk ? { risk } : {}) });

const PRIVILEGED: FlagRisk = {
  level: 'high',
  reason: {
    en: 'all capabilities, every host device and no seccomp/AppArmor confinement: root in the container is close to root on the host',
    zh: '获得全部 capability、所有宿主机设备，且没有 seccomp/AppArmor 限制：容器里的 root 几乎等于宿主机 root',
  },
};
const API_SOCKET: FlagRisk = {
  level: 'high',
  reason: {
    en: "bind-mounts the Docker API socket: the container can start privileged containers, which is root on the host",
    zh: '挂载了 Docker API 套接字：容器可以启动特权容器，等同于拿到宿主机 root',
  },
};
const DEVICE: FlagRisk = {
  level: 'medium',
  reason: { en: 'gives the container direct access to a host device', zh: '容器可以直接访问宿主机设备' },
};
const CAP_ADD: FlagRisk = {
  level: 'medium',
  reason: { en: 'adds kernel capabilities beyond the default set', zh: '在默认集合之外增加了内核 capability' },
};
const BUILD_ALLOW: FlagRisk = {
  level: 'medium',
  reason: { en: 'lets the build use privileged entitlements (host network, insecure RUN, devices)', zh: '允许构建使用特权能力（宿主机网络、insecure RUN、设备）' },
};
const FORCE_PRUNE: FlagRisk = {
  level: 'medium',
  reason: { en: 'deletes without asking for confirmation', zh: '不经确认直接删除' },
};
const PRUNE_VOLUMES: FlagRisk = {
  level: 'high',
  reason: { en: 'volumes hold data: unused ones are deleted for good', zh: '卷里存的是数据：未使用的卷会被永久删除' },
};
const DOWN_VOLUMES: FlagRisk = {
  level: 'high',
  reason: { en: "deletes the project's named and anonymous volumes, and the data in them", zh: '会删除项目的命名卷和匿名卷，以及其中的数据' },
};

/** Flags shared by `docker run` and `docker create` (cli/command/container/opts.go and create.go). */
const CONTAINER: Row[] = [
  ['attach', 'a', 1, 'docker-attach', 'Attach to STDIN, STDOUT or STDERR', '连接到容器的 STDIN、STDOUT 或 STDERR'],
  ['device-cgroup-rule', '', 1, null, 'Add a rule to the cgroup list of devices the container may use', '在 cgroup 允许的设备列表里加一条规则'],
  ['device', '', 1, 'privileged-and-capabilities', 'Give the container a host device (HOST[:CONTAINER[:PERMS]])', '把宿主机设备交给容器（宿主机路径[:容器路径[:权限]]）', DEVICE],
  ['gpus', '', 1, 'gpu-containers', "GPUs to give the container ('all' for every GPU)", "分配给容器的 GPU（'all' 表示全部）"],
  ['env', 'e', 1, 'run-env-vars', 'Set an environment variable in the container', '在容器里设置环境变量'],
  ['env-file', '', 1, 'run-env-vars', 'Read environment variables from a file, one KEY=value a line', '从文件读取环境变量，每行一个 KEY=value'],
  ['entrypoint', '', 1, 'entrypoint', "Replace the image's ENTRYPOINT", '替换镜像的 ENTRYPOINT'],
  ['group-add', '', 1, 'user', 'Add extra groups for the container user', '为容器用户追加附加组'],
  ['hostname', 'h', 1, 'container-dns', "The container's host name", '容器的主机名'],
  ['domainname', '', 1, 'container-dns', "The container's NIS domain name", '容器的 NIS 域名'],
  ['interactive', 'i', 0, 'run-interactive', 'Keep STDIN open, even when not attached', '保持 STDIN 打开（即使没有连接）'],
  ['label', 'l', 1, 'label', 'Set metadata (a label) on the container', '给容器设置元数据（标签）'],
  ['label-file', '', 1, 'label', 'Read labels from a file, one a line', '从文件读取标签，每行一个'],
  ['read-only', '', 0, 'container-hardening', "Mount the container's root filesystem read-only", '把容器的根文件系统挂载为只读'],
  ['restart', '', 1, 'restart-policy', 'Restart policy when the container exits', '容器退出时的重启策略'],
  ['stop-signal', '', 1, 'docker-stop-start', 'The signal `docker stop` sends first', '`docker stop` 首先发送的信号'],
  ['stop-timeout', '', 1, 'docker-stop-start', 'Seconds to wait after the stop signal before killing', '发出停止信号后等待多少秒再强制杀掉'],
  ['sysctl', '', 1, null, 'Set a namespaced kernel parameter (sysctl)', '设置命名空间内的内核参数（sysctl）'],
  ['tty', 't', 0, 'run-interactive', 'Allocate a pseudo-terminal (TTY)', '分配一个伪终端（TTY）'],
  ['ulimit', '', 1, 'container-ulimits', 'Set a ulimit (open files, processes …)', '设置 ulimit（打开文件数、进程数等）'],
  ['user', 'u', 1, 'user', 'Run as this user or UID (name|uid[:group|gid])', '以这个用户或 UID 运行（name|uid[:group|gid]）'],
  ['workdir', 'w', 1, 'workdir', 'Working directory inside the container', '容器内的工作目录'],
  ['rm', '', 0, 'run-rm', 'Remove the container (and its anonymous volumes) when it exits', '容器退出时自动删除它（及其匿名卷）'],
  ['cap-add', '', 1, 'privileged-and-capabilities', 'Add a Linux capability', '增加一项 Linux capability', CAP_ADD],
  ['cap-drop', '', 1, 'privileged-and-capabilities', 'Drop a Linux capability', '去掉一项 Linux capability'],
  ['privileged', '', 0, 'privileged-and-capabilities', 'Give the container extended privileges', '给容器扩展特权', PRIVILEGED],
  ['security-opt', '', 1, 'container-hardening', 'Security options (seccomp, apparmor, label, no-new-privileges)', '安全选项（seccomp、apparmor、label、no-new-privileges）'],
  ['userns', '', 1, 'rootless-docker', 'User namespace to use', '使用的用户命名空间'],
  ['cgroupns', '', 1, 'systemd-in-container', 'Cgroup namespace to use (host|private)', '使用的 cgroup 命名空间（host|private）'],
  ['add-host', '', 1, 'host-from-container', 'Add a host-to-IP line to /etc/hosts (host:ip)', '往 /etc/hosts 加一条主机名到 IP 的映射（host:ip）'],
  ['dns', '', 1, 'container-dns', 'Use this DNS server', '使用这个 DNS 服务器'],
  ['dns-opt', '', 1, 'container-dns', 'Set a resolv.conf option (old name of --dns-option)', '设置 resolv.conf 选项（--dns-option 的旧名字）'],
  ['dns-option', '', 1, 'container-dns', 'Set a resolv.conf option', '设置 resolv.conf 选项'],
  ['dns-search', '', 1, 'container-dns', 'Set a DNS search domain', '设置 DNS 搜索域'],
  ['expose', '', 1, 'expose-vs-publish', 'Expose a port or range (documents it; publishes nothing)', '声明端口或端口范围（只是标记，并不发布）'],
  ['ip', '', 1, 'static-ip', 'A fixed IPv4 address on a user-defined network', '在自定义网络上使用固定 IPv4 地址'],
  ['ip6', '', 1, 'static-ip', 'A fixed IPv6 address on a user-defined network', '在自定义网络上使用固定 IPv6 地址'],
  ['link', '', 1, 'docker-link', 'Link to another container (legacy; use a user-defined network)', '链接到另一个容器（旧功能；改用自定义网络）'],
  ['link-local-ip', '', 1, null, "The container's link-local IPv4/IPv6 addresses", '容器的链路本地 IPv4/IPv6 地址'],
  ['mac-address', '', 1, null, "The container's MAC address", '容器的 MAC 地址'],
  ['publish', 'p', 1, 'port-mapping', "Publish a container port on the host", '把容器端口发布到宿主机'],
  ['publish-all', 'P', 0, 'port-mapping', 'Publish every EXPOSEd port on a random host port', '把所有 EXPOSE 的端口发布到随机的宿主机端口'],
  ['net', '', 1, 'network-modes', 'Connect to a network (old name of --network)', '连接到网络（--network 的旧名字）'],
  ['network', '', 1, 'network-modes', 'Connect the container to a network', '把容器连接到网络'],
  ['net-alias', '', 1, 'container-communication', 'Add a network-scoped alias (old name of --network-alias)', '添加网络内别名（--network-alias 的旧名字）'],
  ['network-alias', '', 1, 'container-communication', 'Another name other containers on the network can use', '同一网络里其他容器可以用的别名'],
  ['log-driver', '', 1, 'logging-drivers', 'Logging driver for the container', '容器的日志驱动'],
  ['volume-driver', '', 1, 'volumes', 'Volume driver for the container', '容器的卷驱动'],
  ['log-opt', '', 1, 'logging-drivers', 'A logging driver option (max-size, max-file …)', '日志驱动选项（max-size、max-file 等）'],
  ['storage-opt', '', 1, 'storage-drivers', 'A storage driver option for this container (size …)', '这个容器的存储驱动选项（size 等）'],
  ['tmpfs', '', 1, 'volumes', 'Mount a tmpfs (in-memory) directory', '挂载一个 tmpfs（内存）目录'],
  ['volumes-from', '', 1, 'data-volume-container', "Mount another container's volumes", '挂载另一个容器的卷'],
  ['volume', 'v', 1, 'volume-vs-bind-mount', 'Mount a volume or a host path (SOURCE:TARGET[:OPTIONS])', '挂载卷或宿主机路径（来源:目标[:选项]）'],
  ['mount', '', 1, 'volume-vs-bind-mount', 'Attach a filesystem mount (type=bind|volume|tmpfs,…)', '挂载文件系统（type=bind|volume|tmpfs,…）'],
  ['health-cmd', '', 1, 'healthcheck', 'Command that checks the container is healthy', '检查容器是否健康的命令'],
  ['health-interval', '', 1, 'healthcheck', 'Time between health checks', '两次健康检查之间的间隔'],
  ['health-retries', '', 1, 'healthcheck', 'Failures in a row before the container is unhealthy', '连续失败多少次算不健康'],
  ['health-timeout', '', 1, 'healthcheck', 'Longest time one check may run', '单次检查最长运行时间'],
  ['health-start-period', '', 1, 'healthcheck', 'Grace period at start before failures count', '启动宽限期，期间失败不计数'],
  ['health-start-interval', '', 1, 'healthcheck', 'Time between checks during the start period', '启动宽限期内两次检查的间隔'],
  ['no-healthcheck', '', 0, 'healthcheck', "Turn off the image's HEALTHCHECK", '关闭镜像里的 HEALTHCHECK'],
  ['blkio-weight', '', 1, 'resource-limits', 'Block IO relative weight (10 to 1000, 0 off)', '块设备 IO 相对权重（10 到 1000，0 为关闭）'],
  ['blkio-weight-device', '', 1, 'resource-limits', 'Block IO relative weight for one device', '单个设备的块 IO 相对权重'],
  ['cidfile', '', 1, null, 'Write the container ID to this file', '把容器 ID 写入这个文件'],
  ['cpuset-cpus', '', 1, 'resource-limits', 'CPUs the container may run on (0-3, 0,1)', '容器可以使用的 CPU（0-3、0,1）'],
  ['cpuset-mems', '', 1, 'resource-limits', 'Memory nodes (NUMA) the container may use', '容器可以使用的内存节点（NUMA）'],
  ['cpu-count', '', 1, 'resource-limits', 'CPU count (Windows containers only)', 'CPU 数量（仅 Windows 容器）'],
  ['cpu-percent', '', 1, 'resource-limits', 'CPU percent (Windows containers only)', 'CPU 百分比（仅 Windows 容器）'],
  ['cpu-period', '', 1, 'resource-limits', 'CFS scheduler period (with --cpu-quota)', 'CFS 调度周期（配合 --cpu-quota）'],
  ['cpu-quota', '', 1, 'resource-limits', 'CFS scheduler quota per period', '每个周期的 CFS 调度配额'],
  ['cpu-rt-period', '', 1, 'resource-limits', 'Real-time CPU period in microseconds', '实时 CPU 周期（微秒）'],
  ['cpu-rt-runtime', '', 1, 'resource-limits', 'Real-time CPU runtime in microseconds', '实时 CPU 运行时间（微秒）'],
  ['cpu-shares', 'c', 1, 'resource-limits', 'CPU shares: relative weight when CPUs are busy', 'CPU 份额：CPU 繁忙时的相对权重'],
  ['cpus', '', 1, 'resource-limits', 'How many CPUs the container may use (1.5 = one and a half)', '容器最多可用的 CPU 数（1.5 表示一个半）'],
  ['device-read-bps', '', 1, 'resource-limits', 'Limit read bytes per second from a device', '限制从设备读取的每秒字节数'],
  ['device-read-iops', '', 1, 'resource-limits', 'Limit read operations per second from a device', '限制从设备读取的每秒 IO 次数'],
  ['device-write-bps', '', 1, 'resource-limits', 'Limit write bytes per second to a device', '限制写入设备的每秒字节数'],
  ['device-write-iops', '', 1, 'resource-limits', 'Limit write operations per second to a device', '限制写入设备的每秒 IO 次数'],
  ['io-maxbandwidth', '', 1, 'resource-limits', 'Maximum IO bandwidth of the system drive (Windows only)', '系统盘最大 IO 带宽（仅 Windows）'],
  ['io-maxiops', '', 1, 'resource-limits', 'Maximum IOps of the system drive (Windows only)', '系统盘最大 IOps（仅 Windows）'],
  ['memory', 'm', 1, 'resource-limits', 'Memory limit (512m, 2g)', '内存上限（512m、2g）'],
  ['memory-reservation', '', 1, 'resource-limits', 'Memory soft limit', '内存软限制'],
  ['memory-swap', '', 1, 'resource-limits', "Memory plus swap limit ('-1' for unlimited swap)", "内存加 swap 的上限（'-1' 表示 swap 不限）"],
  ['memory-swappiness', '', 1, 'resource-limits', 'How readily the kernel swaps this container out (0 to 100)', '内核换出这个容器内存的倾向（0 到 100）'],
  ['oom-kill-disable', '', 0, 'resource-limits', 'Do not let the OOM killer kill this container', '不让 OOM killer 杀掉这个容器', { level: 'medium', reason: { en: 'without a --memory limit the host itself can run out of memory', zh: '没有 --memory 限制时，可能把宿主机内存耗尽' } }],
  ['oom-score-adj', '', 1, 'resource-limits', "Adjust the host's OOM preference (-1000 to 1000)", '调整宿主机 OOM 时的优先级（-1000 到 1000）'],
  ['pids-limit', '', 1, 'resource-limits', 'Most processes the container may have (-1 unlimited)', '容器最多可有的进程数（-1 不限）'],
  ['cgroup-parent', '', 1, null, 'Parent cgroup for the container', '容器的父 cgroup'],
  ['ipc', '', 1, 'shm-size', 'IPC namespace to use (private, shareable, host, container:NAME)', '使用的 IPC 命名空间（private、shareable、host、container:名字）'],
  ['isolation', '', 1, 'desktop-linux-windows-containers', 'Isolation technology (Windows: process or hyperv)', '隔离技术（Windows：process 或 hyperv）'],
  ['pid', '', 1, 'linux-isolation', 'PID namespace to use (host, container:NAME)', '使用的 PID 命名空间（host、container:名字）'],
  ['shm-size', '', 1, 'shm-size', 'Size of /dev/shm (default 64m)', '/dev/shm 的大小（默认 64m）'],
  ['uts', '', 1, 'linux-isolation', 'UTS namespace to use (host)', '使用的 UTS 命名空间（host）'],
  ['runtime', '', 1, 'container-runtime', 'OCI runtime for this container (runc, nvidia …)', '这个容器使用的 OCI 运行时（runc、nvidia 等）'],
  ['init', '', 0, 'multiple-processes', 'Run an init as PID 1 that forwards signals and reaps zombies', '以 init 作为 PID 1，转发信号并回收僵尸进程'],
  ['annotation', '', 1, null, 'Add an annotation passed to the OCI runtime', '添加传给 OCI 运行时的注解'],
  ['kernel-memory', '', 1, 'resource-limits', 'Kernel memory limit (deprecated, ignored by current kernels)', '内核内存限制（已废弃，新内核不支持）'],
  ['name', '', 1, 'docker-run', 'Give the container a name', '给容器起个名字'],
  ['pull', '', 1, 'docker-pull', 'When to pull the image (always, missing, never)', '何时拉取镜像（always、missing、never）'],
  ['quiet', 'q', 0, 'docker-pull', 'Do not print the pull progress', '不输出拉取进度'],
  ['use-api-socket', '', 0, 'docker-socket-security', 'Mount the Docker API socket and your registry credentials into the container', '把 Docker API 套接字和你的镜像仓库凭据挂进容器', API_SOCKET],
  ['platform', '', 1, 'image-platform-mismatch', 'Image platform to use (linux/amd64, linux/arm64)', '使用哪个平台的镜像（linux/amd64、linux/arm64）'],
  ['disable-content-trust', '', 0, null, 'Skip image verification (deprecated: content trust was removed)', '跳过镜像校验（已废弃：内容信任已移除）'],
  ['help', '', 0, null, 'Print usage', '显示用法'],
];

/** Only `docker run` has these (cli/command/container/run.go). */
const RUN_ONLY: Row[] = [
  ['detach', 'd', 0, 'run-detached', 'Run in the background and print the container ID', '在后台运行并打印容器 ID'],
  ['sig-proxy', '', 0, 'detach-container', 'Pass signals the CLI receives on to the container (default on)', '把 CLI 收到的信号转给容器（默认开启）'],
  ['detach-keys', '', 1, 'detach-container', 'Key sequence that detaches from the container', '从容器分离的按键序列'],
];

const EXEC: Row[] = [
  ['detach-keys', '', 1, 'detach-container', 'Key sequence that detaches from the container', '从容器分离的按键序列'],
  ['interactive', 'i', 0, 'run-interactive', 'Keep STDIN open, even when not attached', '保持 STDIN 打开（即使没有连接）'],
  ['tty', 't', 0, 'run-interactive', 'Allocate a pseudo-terminal (TTY)', '分配一个伪终端（TTY）'],
  ['detach', 'd', 0, 'docker-exec', 'Run the command in the background', '在后台运行这条命令'],
  ['user', 'u', 1, 'user', 'Run the command as this user or UID', '以这个用户或 UID 运行命令'],
  ['privileged', '', 0, 'privileged-and-capabilities', 'Give the command extended privileges', '给这条命令扩展特权', PRIVILEGED],
  ['env', 'e', 1, 'run-env-vars', 'Set an environment variable for the command', '为命令设置环境变量'],
  ['env-file', '', 1, 'run-env-vars', 'Read environment variables from a file', '从文件读取环境变量'],
  ['workdir', 'w', 1, 'workdir', 'Working directory for the command', '命令的工作目录'],
];

const CP: Row[] = [
  ['follow-link', 'L', 0, 'docker-cp', 'Always follow symbolic links in the source', '总是跟随来源路径里的符号链接'],
  ['archive', 'a', 0, 'docker-cp', 'Archive mode: keep the uid/gid of the files', '归档模式：保留文件的 uid/gid'],
  ['quiet', 'q', 0, 'docker-cp', 'Do not print progress', '不输出进度'],
];

const LOGS: Row[] = [
  ['follow', 'f', 0, 'docker-logs', 'Keep printing new output', '持续输出新的日志'],
  ['since', '', 1, 'docker-logs', 'Only logs since a time (2024-01-02T13:23:37Z or 42m)', '只看某个时间之后的日志（2024-01-02T13:23:37Z 或 42m）'],
  ['until', '', 1, 'docker-logs', 'Only logs before a time', '只看某个时间之前的日志'],
  ['timestamps', 't', 0, 'docker-logs', 'Show a timestamp on each line', '每行显示时间戳'],
  ['details', '', 0, 'docker-logs', 'Show the extra attributes given with --log-opt', '显示通过 --log-opt 提供的额外属性'],
  ['tail', 'n', 1, 'docker-logs', 'Start this many lines from the end (default all)', '从末尾的多少行开始（默认全部）'],
];

const PUSH: Row[] = [
  ['all-tags', 'a', 0, 'push-image', 'Push every tag of the repository', '推送仓库的所有标签'],
  ['quiet', 'q', 0, 'push-image', 'Print less output', '减少输出'],
  ['disable-content-trust', '', 0, null, 'Skip image verification (deprecated: content trust was removed)', '跳过镜像校验（已废弃：内容信任已移除）'],
  ['platform', '', 1, 'buildx-multi-platform', 'Push only this platform of a multi-platform image', '只推送多平台镜像中的这个平台'],
];

const PULL: Row[] = [
  ['all-tags', 'a', 0, 'docker-pull', 'Pull every tag of the repository', '拉取仓库的所有标签'],
  ['quiet', 'q', 0, 'docker-pull', 'Print less output', '减少输出'],
  ['disable-content-trust', '', 0, null, 'Skip image verification (deprecated: content trust was removed)', '跳过镜像校验（已废弃：内容信任已移除）'],
  ['platform', '', 1, 'image-platform-mismatch', 'Pull the image for this platform (linux/arm64 …)', '拉取这个平台的镜像（linux/arm64 等）'],
];

const IMAGE_PRUNE: Row[] = [
  ['force', 'f', 0, 'dangling-images', 'Do not ask for confirmation', '不要求确认', FORCE_PRUNE],
  ['all', 'a', 0, 'dangling-images', 'Remove every image no container uses, not only dangling ones', '删除所有没有容器使用的镜像，而不只是悬空镜像', { level: 'medium', reason: { en: 'images you still want but no container uses are deleted too', zh: '还想保留但没有容器在用的镜像也会被删除' } }],
  ['filter', '', 1, 'dangling-images', 'Only remove what matches (until=24h, label=…)', '只删除匹配的（until=24h、label=…）'],
];

const SYSTEM_PRUNE: Row[] = [
  ['force', 'f', 0, 'docker-system-prune', 'Do not ask for confirmation', '不要求确认', FORCE_PRUNE],
  ['all', 'a', 0, 'docker-system-prune', 'Remove every unused image, not only dangling ones', '删除所有未使用的镜像，而不只是悬空镜像', { level: 'medium', reason: { en: 'every image no container uses is deleted and must be pulled or built again', zh: '所有没有容器使用的镜像都会被删除，之后要重新拉取或构建' } }],
  ['volumes', '', 0, 'docker-system-prune', 'Also remove unused anonymous volumes', '同时删除未使用的匿名卷', PRUNE_VOLUMES],
  ['filter', '', 1, 'docker-system-prune', 'Only remove what matches (until=24h, label=…)', '只删除匹配的（until=24h、label=…）'],
];

const NETWORK_CREATE: Row[] = [
  ['driver', 'd', 1, 'network-modes', 'Network driver (bridge, overlay, macvlan …; default bridge)', '网络驱动（bridge、overlay、macvlan 等；默认 bridge）'],
  ['opt', 'o', 1, 'network-modes', 'A driver-specific option', '驱动专用选项'],
  ['label', '', 1, 'label', 'Set metadata on the network', '给网络设置元数据'],
  ['internal', '', 0, 'none-network', 'No traffic in or out of the network to the outside', '网络内的容器无法与外部通信'],
  ['ipv4', '', 0, 'bridge-network', 'Assign IPv4 addresses (default on)', '分配 IPv4 地址（默认开启）'],
  ['ipv6', '', 0, 'bridge-network', 'Assign IPv6 addresses', '分配 IPv6 地址'],
  ['attachable', '', 0, 'overlay-network', 'Let standalone containers join this (overlay) network', '允许独立容器加入这个（overlay）网络'],
  ['ingress', '', 0, 'overlay-network', "Create the swarm routing-mesh network", '创建 swarm 路由网格网络'],
  ['scope', '', 1, 'overlay-network', "The network's scope (local, swarm)", '网络的作用域（local、swarm）'],
  ['config-only', '', 0, 'macvlan', 'Create a configuration-only network', '创建只含配置的网络'],
  ['config-from', '', 1, 'macvlan', 'Copy the configuration from this network', '从这个网络复制配置'],
  ['ipam-driver', '', 1, 'network-subnet-conflict', 'IP address management driver', 'IP 地址管理驱动'],
  ['subnet', '', 1, 'network-subnet-conflict', 'Subnet in CIDR form (172.28.0.0/16)', 'CIDR 格式的子网（172.28.0.0/16）'],
  ['ip-range', '', 1, 'static-ip', 'Give containers addresses from this sub-range', '从这个子范围给容器分配地址'],
  ['gateway', '', 1, 'network-subnet-conflict', 'Gateway of the subnet', '子网的网关'],
  ['aux-address', '', 1, 'macvlan', 'Addresses the driver must not hand out', '驱动不能分配出去的地址'],
  ['ipam-opt', '', 1, 'network-subnet-conflict', 'An IPAM driver option', 'IPAM 驱动选项'],
];

const VOLUME_CREATE: Row[] = [
  ['driver', 'd', 1, 'volumes', 'Volume driver (default local)', '卷驱动（默认 local）'],
  ['name', '', 1, 'volumes', 'The volume name', '卷的名字'],
  ['opt', 'o', 1, 'nfs-volume', 'A driver option (type=nfs, o=addr=…, device=…)', '驱动选项（type=nfs、o=addr=…、device=…）'],
  ['label', '', 1, 'label', 'Set metadata on the volume', '给卷设置元数据'],
  ['group', '', 1, null, 'Cluster volume group', '集群卷的组'],
  ['scope', '', 1, null, 'Cluster volume access scope (single, multi)', '集群卷的访问范围（single、multi）'],
  ['sharing', '', 1, null, 'Cluster volume sharing (none, readonly, onewriter, all)', '集群卷的共享方式（none、readonly、onewriter、all）'],
  ['availability', '', 1, null, 'Cluster volume availability (active, pause, drain)', '集群卷的可用性（active、pause、drain）'],
  ['type', '', 1, null, 'Cluster volume access type (mount, block)', '集群卷的访问类型（mount、block）'],
  ['secret', '', 1, null, 'Cluster volume secrets', '集群卷的密钥'],
  ['limit-bytes', '', 1, null, 'Cluster volume size limit in bytes', '集群卷的大小限制（字节）'],
  ['required-bytes', '', 1, null, 'Cluster volume required size in bytes', '集群卷需要的大小（字节）'],
  ['topology-required', '', 1, null, 'A topology the cluster volume must be reachable from', '集群卷必须可以从这个拓扑访问'],
  ['topology-preferred', '', 1, null, 'A topology the cluster volume should preferably be reachable from', '集群卷最好可以从这个拓扑访问'],
];

/** `docker build` runs `docker buildx build` (BuildKit) by default; the legacy builder's flags are accepted too. */
const BUILD: Row[] = [
  ['tag', 't', 1, 'docker-tag', 'Name (and tag) the image: name:tag', '给镜像命名（和打标签）：name:tag'],
  ['build-arg', '', 1, 'arg', 'Set a build-time variable (ARG)', '设置构建时变量（ARG）'],
  ['ulimit', '', 1, 'container-ulimits', 'Ulimits for the build containers', '构建容器的 ulimit'],
  ['file', 'f', 1, 'dockerfile', 'Which Dockerfile to use (default PATH/Dockerfile)', '使用哪个 Dockerfile（默认 PATH/Dockerfile）'],
  ['memory', 'm', 1, 'resource-limits', 'Memory limit for the build (legacy builder)', '构建的内存上限（旧构建器）'],
  ['memory-swap', '', 1, 'resource-limits', 'Memory plus swap limit for the build (legacy builder)', '构建的内存加 swap 上限（旧构建器）'],
  ['shm-size', '', 1, 'shm-size', 'Size of /dev/shm for RUN steps', 'RUN 步骤里 /dev/shm 的大小'],
  ['cpu-shares', 'c', 1, 'resource-limits', 'CPU shares for the build (legacy builder)', '构建的 CPU 份额（旧构建器）'],
  ['cpu-period', '', 1, 'resource-limits', 'CFS period for the build (legacy builder)', '构建的 CFS 周期（旧构建器）'],
  ['cpu-quota', '', 1, 'resource-limits', 'CFS quota for the build (legacy builder)', '构建的 CFS 配额（旧构建器）'],
  ['cpuset-cpus', '', 1, 'resource-limits', 'CPUs the build may use (legacy builder)', '构建可用的 CPU（旧构建器）'],
  ['cpuset-mems', '', 1, 'resource-limits', 'Memory nodes the build may use (legacy builder)', '构建可用的内存节点（旧构建器）'],
  ['cgroup-parent', '', 1, null, 'Parent cgroup for RUN steps', 'RUN 步骤的父 cgroup'],
  ['isolation', '', 1, 'desktop-linux-windows-containers', 'Isolation technology (Windows)', '隔离技术（Windows）'],
  ['label', '', 1, 'label', 'Set metadata (a label) on the image', '给镜像设置元数据（标签）'],
  ['no-cache', '', 0, 'build-cache', 'Build every step again, without the cache', '不使用缓存，每一步都重新构建'],
  ['rm', '', 0, 'docker-build', 'Remove intermediate containers (legacy builder; default on)', '删除中间容器（旧构建器；默认开启）'],
  ['force-rm', '', 0, 'docker-build', 'Always remove intermediate containers (legacy builder)', '总是删除中间容器（旧构建器）'],
  ['quiet', 'q', 0, 'docker-build', 'Print only the image ID', '只输出镜像 ID'],
  ['pull', '', 0, 'docker-pull', 'Always pull newer versions of the base images', '总是拉取基础镜像的新版本'],
  ['cache-from', '', 1, 'build-cache-remote', 'Use this image or cache as a cache source', '把这个镜像或缓存当作缓存来源'],
  ['compress', '', 0, 'build-context', 'Compress the build context with gzip (legacy builder)', '用 gzip 压缩构建上下文（旧构建器）'],
  ['security-opt', '', 1, 'container-hardening', 'Security options for the build (legacy builder)', '构建的安全选项（旧构建器）'],
  ['network', '', 1, 'network-modes', 'Network mode for RUN steps (default, host, none)', 'RUN 步骤的网络模式（default、host、none）'],
  ['add-host', '', 1, 'host-from-container', 'Add a host-to-IP line to /etc/hosts during the build', '构建时往 /etc/hosts 加一条主机到 IP 的映射'],
  ['target', '', 1, 'multi-stage-build', 'Build only up to this stage', '只构建到这个阶段'],
  ['iidfile', '', 1, 'docker-build', 'Write the image ID to this file', '把镜像 ID 写入这个文件'],
  ['disable-content-trust', '', 0, null, 'Skip image verification (deprecated: content trust was removed)', '跳过镜像校验（已废弃：内容信任已移除）'],
  ['platform', '', 1, 'buildx-multi-platform', 'Target platform(s) (linux/amd64,linux/arm64)', '目标平台（linux/amd64,linux/arm64）'],
  ['squash', '', 0, 'reduce-layers', 'Squash new layers into one (legacy builder, experimental)', '把新层合并成一层（旧构建器，实验功能）'],
];

/** `docker buildx build` (docker/buildx commands/build.go and root.go) beyond what BUILD has. */
const BUILDX_EXTRA: Row[] = [
  ['builder', '', 1, 'buildkit', 'Use this builder instance', '使用这个构建器实例'],
  ['debug', 'D', 0, 'build-progress-plain', 'Print debug logs', '输出调试日志'],
  ['timeout', '', 1, 'buildkit', 'How long to wait for the builder to load', '等待构建器加载的时间'],
  ['allow', '', 1, 'buildkit', 'Allow a privileged entitlement (network.host, security.insecure, device)', '允许特权能力（network.host、security.insecure、device）', BUILD_ALLOW],
  ['annotation', '', 1, 'label', 'Add an OCI annotation to the image', '给镜像加一个 OCI 注解'],
  ['cache-to', '', 1, 'build-cache-remote', 'Export the build cache to here (registry, local, gha …)', '把构建缓存导出到这里（registry、local、gha 等）'],
  ['build-context', '', 1, 'build-context', 'An extra named build context (name=path|image|url)', '额外的命名构建上下文（name=路径|镜像|URL）'],
  ['load', '', 0, 'buildx-multi-platform', 'Load the result into the local image store (--output=type=docker)', '把结果载入本地镜像库（--output=type=docker）'],
  ['no-cache-filter', '', 1, 'build-cache', 'Do not use the cache for these stages', '这些阶段不使用缓存'],
  ['output', 'o', 1, 'buildx-multi-platform', 'Where the result goes (type=local,dest=path; type=registry …)', '结果输出到哪里（type=local,dest=路径；type=registry 等）'],
  ['policy', '', 1, 'buildkit', 'A build policy configuration', '构建策略配置'],
  ['push', '', 0, 'push-image', 'Push the result to the registry (--output=type=registry)', '把结果推送到镜像仓库（--output=type=registry）'],
  ['secret', '', 1, 'build-secrets', 'A secret RUN --mount=type=secret can read (id=…,src=…)', 'RUN --mount=type=secret 可以读取的密钥（id=…,src=…）'],
  ['ssh', '', 1, 'build-ssh-private-repo', 'Forward an SSH agent or key to the build (default)', '把 SSH agent 或密钥转给构建使用（default）'],
  ['resource', '', 1, 'resource-limits', 'Resource limits for the build containers (memory=2g)', '构建容器的资源限制（memory=2g）'],
  ['attest', '', 1, 'image-vulnerability-scanning', 'Add an attestation (type=sbom, type=provenance)', '添加证明（type=sbom、type=provenance）'],
  ['sbom', '', 1, 'image-vulnerability-scanning', 'Add an SBOM attestation (--attest=type=sbom)', '添加 SBOM 证明（--attest=type=sbom）'],
  ['provenance', '', 1, 'image-vulnerability-scanning', 'Add a provenance attestation', '添加来源证明（provenance）'],
  ['call', '', 1, 'dockerfile-best-practices', 'What to do instead of building (check, outline, targets)', '不构建，而是执行（check、outline、targets）'],
  ['check', '', 0, 'dockerfile-best-practices', "Check the Dockerfile instead of building (--call=check)", '只检查 Dockerfile，不构建（--call=check）'],
  ['print', '', 1, 'dockerfile-best-practices', 'Print an information request (outline, targets)', '输出信息查询结果（outline、targets）'],
  ['progress', '', 1, 'build-progress-plain', 'Progress output (auto, plain, tty, quiet, rawjson)', '进度输出方式（auto、plain、tty、quiet、rawjson）'],
  ['metadata-file', '', 1, 'docker-build', 'Write the build result metadata to a file', '把构建结果的元数据写入文件'],
];

const COMPOSE_GLOBAL: Row[] = [
  ['profile', '', 1, 'compose-profiles', 'Enable a profile (services with that profile start too)', '启用一个 profile（属于它的服务也会启动）'],
  ['project-name', 'p', 1, 'compose-project-name', 'Project name (prefix of containers, networks, volumes)', '项目名（容器、网络、卷名字的前缀）'],
  ['file', 'f', 1, 'compose-override-files', 'Compose file to use (several are merged in order)', '使用的 Compose 文件（多个按顺序合并）'],
  ['insecure-registry', '', 1, null, 'Use an insecure registry for Compose OCI artifacts', '为 Compose OCI 工件使用不安全的镜像仓库'],
  ['env-file', '', 1, 'compose-env-file', 'Another environment file for variable substitution', '另一个用于变量替换的环境文件'],
  ['project-directory', '', 1, 'compose-project-name', 'Working directory of the project (default: the first file’s folder)', '项目的工作目录（默认是第一个文件所在目录）'],
  ['workdir', '', 1, 'compose-project-name', 'Old name of --project-directory', '--project-directory 的旧名字'],
  ['compatibility', '', 0, 'docker-compose', 'Backward compatibility mode', '向后兼容模式'],
  ['progress', '', 1, 'compose-commands', 'Progress output (auto, tty, plain, json, quiet)', '进度输出方式（auto、tty、plain、json、quiet）'],
  ['all-resources', '', 0, 'compose-commands', 'Include resources no service uses', '包括没有服务使用的资源'],
  ['ansi', '', 1, 'compose-commands', 'When to print colours (never, always, auto)', '何时输出颜色（never、always、auto）'],
  ['parallel', '', 1, 'compose-commands', 'Most operations at once (-1 unlimited)', '最多同时执行的操作数（-1 不限）'],
  ['version', 'v', 0, 'compose-plugin-install', 'Print the Compose version', '显示 Compose 版本'],
  ['dry-run', '', 0, 'compose-commands', 'Show what would happen without doing it', '只显示会做什么，不实际执行'],
  ['no-ansi', '', 0, 'compose-commands', 'No colours (deprecated: --ansi never)', '不输出颜色（已废弃：用 --ansi never）'],
  ['verbose', '', 0, 'compose-commands', 'More output', '输出更多信息'],
];

const COMPOSE_UP: Row[] = [
  ['detach', 'd', 0, 'run-detached', 'Start the containers in the background', '在后台启动容器'],
  ['build', '', 0, 'compose-commands', 'Build images before starting', '启动前先构建镜像'],
  ['no-build', '', 0, 'compose-commands', 'Never build, even when an image is missing', '即使缺少镜像也不构建'],
  ['pull', '', 1, 'docker-pull', 'When to pull images (always, missing, never, policy)', '何时拉取镜像（always、missing、never、policy）'],
  ['remove-orphans', '', 0, 'compose-commands', 'Remove containers of services no longer in the file', '删除文件里已不存在的服务的容器'],
  ['scale', '', 1, 'compose-commands', 'Run NUM containers of a service (SERVICE=NUM)', '把服务运行成 NUM 个容器（SERVICE=NUM）'],
  ['no-color', '', 0, 'docker-logs', 'Monochrome output', '单色输出'],
  ['no-log-prefix', '', 0, 'docker-logs', 'Do not prefix log lines with the service', '日志行前不加服务名'],
  ['force-recreate', '', 0, 'update-container-image', 'Recreate containers even when nothing changed', '即使没有变化也重新创建容器'],
  ['no-recreate', '', 0, 'update-container-image', 'Keep existing containers as they are', '保留已存在的容器不重建'],
  ['no-start', '', 0, 'compose-commands', 'Create the services without starting them', '只创建服务，不启动'],
  ['abort-on-container-exit', '', 0, 'compose-commands', 'Stop everything when any container stops', '任一容器停止时停止全部'],
  ['abort-on-container-failure', '', 0, 'compose-commands', 'Stop everything when any container fails', '任一容器失败退出时停止全部'],
  ['exit-code-from', '', 1, 'container-exit-codes', "Exit with this service's exit code", '以这个服务的退出码退出'],
  ['timeout', 't', 1, 'docker-stop-start', 'Seconds to wait for containers to stop', '等待容器停止的秒数'],
  ['timestamps', '', 0, 'docker-logs', 'Show timestamps', '显示时间戳'],
  ['no-deps', '', 0, 'compose-startup-order', 'Do not start linked services', '不启动依赖的服务'],
  ['always-recreate-deps', '', 0, 'compose-startup-order', 'Recreate the dependent containers too', '同时重建依赖的容器'],
  ['renew-anon-volumes', 'V', 0, 'volumes', 'Recreate anonymous volumes instead of keeping their data', '重建匿名卷，而不是沿用其中的数据'],
  ['quiet-pull', '', 0, 'docker-pull', 'Pull without progress output', '拉取时不输出进度'],
  ['quiet-build', '', 0, 'docker-build', 'Build without output', '构建时不输出'],
  ['attach', '', 1, 'docker-logs', 'Only show the output of these services', '只显示这些服务的输出'],
  ['no-attach', '', 1, 'docker-logs', 'Do not show the output of these services', '不显示这些服务的输出'],
  ['attach-dependencies', '', 0, 'docker-logs', 'Show the output of dependent services too', '同时显示依赖服务的输出'],
  ['wait', '', 0, 'compose-startup-order', 'Wait until services are running or healthy (implies -d)', '等到服务运行或健康为止（隐含 -d）'],
  ['wait-timeout', '', 1, 'compose-startup-order', 'Longest wait for --wait, in seconds', '--wait 的最长等待秒数'],
  ['watch', 'w', 0, 'compose-watch', 'Rebuild or sync when files change', '文件变化时重新构建或同步'],
  ['menu', '', 0, 'compose-commands', 'Interactive shortcuts while attached', '前台运行时提供交互快捷键'],
  ['yes', 'y', 0, 'compose-commands', 'Answer yes to every prompt', '所有提示都回答 yes'],
];

const COMPOSE_RUN: Row[] = [
  ['detach', 'd', 0, 'run-detached', 'Run in the background and print the container ID', '在后台运行并打印容器 ID'],
  ['env', 'e', 1, 'run-env-vars', 'Set an environment variable', '设置环境变量'],
  ['env-from-file', '', 1, 'run-env-vars', 'Set environment variables from a file', '从文件设置环境变量'],
  ['label', 'l', 1, 'label', 'Add or override a label', '添加或覆盖标签'],
  ['rm', '', 0, 'run-rm', 'Remove the container when it exits', '容器退出时删除它'],
  ['no-tty', 'T', 0, 'input-device-not-a-tty', 'Do not allocate a TTY', '不分配 TTY'],
  ['name', '', 1, 'docker-run', 'Name the container', '给容器命名'],
  ['user', 'u', 1, 'user', 'Run as this user or UID', '以这个用户或 UID 运行'],
  ['workdir', 'w', 1, 'workdir', 'Working directory inside the container', '容器内的工作目录'],
  ['entrypoint', '', 1, 'entrypoint', "Override the image's entrypoint", '覆盖镜像的 entrypoint'],
  ['cap-add', '', 1, 'privileged-and-capabilities', 'Add a Linux capability', '增加一项 Linux capability', CAP_ADD],
  ['cap-drop', '', 1, 'privileged-and-capabilities', 'Drop a Linux capability', '去掉一项 Linux capability'],
  ['no-deps', '', 0, 'compose-startup-order', 'Do not start linked services', '不启动依赖的服务'],
  ['volume', 'v', 1, 'volume-vs-bind-mount', 'Mount a volume or a host path', '挂载卷或宿主机路径'],
  ['publish', 'p', 1, 'port-mapping', 'Publish a container port on the host', '把容器端口发布到宿主机'],
  ['use-aliases', '', 0, 'container-communication', "Use the service's network aliases", '使用服务的网络别名'],
  ['service-ports', 'P', 0, 'port-mapping', "Publish the service's ports as in the file", '按文件里的配置发布服务的端口'],
  ['pull', '', 1, 'docker-pull', 'When to pull the image (always, missing, never)', '何时拉取镜像（always、missing、never）'],
  ['quiet', 'q', 0, 'compose-commands', 'Print nothing to standard output', '不向标准输出打印任何内容'],
  ['quiet-build', '', 0, 'docker-build', 'Build without progress output', '构建时不输出进度'],
  ['quiet-pull', '', 0, 'docker-pull', 'Pull without progress output', '拉取时不输出进度'],
  ['build', '', 0, 'compose-commands', 'Build the image before starting', '启动前先构建镜像'],
  ['remove-orphans', '', 0, 'compose-commands', 'Remove containers of services no longer in the file', '删除文件里已不存在的服务的容器'],
  ['interactive', 'i', 0, 'run-interactive', 'Keep STDIN open (default on)', '保持 STDIN 打开（默认开启）'],
  ['tty', 't', 0, 'run-interactive', 'Allocate a TTY (default on)', '分配 TTY（默认开启）'],
];

const COMPOSE_EXEC: Row[] = [
  ['detach', 'd', 0, 'docker-exec', 'Run the command in the background', '在后台运行命令'],
  ['env', 'e', 1, 'run-env-vars', 'Set an environment variable', '设置环境变量'],
  ['index', '', 1, 'docker-exec', 'Which replica of the service (1, 2 …)', '服务的第几个副本（1、2 等）'],
  ['privileged', '', 0, 'privileged-and-capabilities', 'Give the command extended privileges', '给命令扩展特权', PRIVILEGED],
  ['user', 'u', 1, 'user', 'Run the command as this user', '以这个用户运行命令'],
  ['no-tty', 'T', 0, 'input-device-not-a-tty', 'Do not allocate a TTY (needed in scripts and CI)', '不分配 TTY（脚本和 CI 里需要）'],
  ['workdir', 'w', 1, 'workdir', 'Working directory for the command', '命令的工作目录'],
  ['interactive', 'i', 0, 'run-interactive', 'Keep STDIN open (default on)', '保持 STDIN 打开（默认开启）'],
  ['tty', 't', 0, 'run-interactive', 'Allocate a TTY (default on)', '分配 TTY（默认开启）'],
];

const COMPOSE_DOWN: Row[] = [
  ['remove-orphans', '', 0, 'compose-commands', 'Remove containers of services no longer in the file', '删除文件里已不存在的服务的容器'],
  ['timeout', 't', 1, 'docker-stop-start', 'Seconds to wait for containers to stop', '等待容器停止的秒数'],
  ['volumes', 'v', 0, 'volumes', 'Also remove the named volumes of the file and anonymous volumes', '同时删除文件里的命名卷和匿名卷', DOWN_VOLUMES],
  ['rmi', '', 1, 'docker-rmi', 'Remove the images of the services (local, all)', '删除服务的镜像（local、all）'],
];

const COMPOSE_LOGS: Row[] = [
  ['follow', 'f', 0, 'docker-logs', 'Keep printing new output', '持续输出新的日志'],
  ['index', '', 1, 'docker-logs', 'Which replica of the service', '服务的第几个副本'],
  ['since', '', 1, 'docker-logs', 'Only logs since a time (timestamp or 42m)', '只看某个时间之后的日志（时间戳或 42m）'],
  ['until', '', 1, 'docker-logs', 'Only logs before a time', '只看某个时间之前的日志'],
  ['no-color', '', 0, 'docker-logs', 'Monochrome output', '单色输出'],
  ['no-log-prefix', '', 0, 'docker-logs', 'Do not prefix lines with the service', '行首不加服务名'],
  ['timestamps', 't', 0, 'docker-logs', 'Show timestamps', '显示时间戳'],
  ['tail', 'n', 1, 'docker-logs', 'Start this many lines from the end of each container', '每个容器从末尾多少行开始'],
];

const COMPOSE_BUILD: Row[] = [
  ['push', '', 0, 'push-image', 'Push the service images', '推送服务镜像'],
  ['quiet', 'q', 0, 'docker-build', 'Build without output', '构建时不输出'],
  ['pull', '', 0, 'docker-pull', 'Always pull newer base images', '总是拉取新的基础镜像'],
  ['build-arg', '', 1, 'arg', 'Set a build-time variable (ARG)', '设置构建时变量（ARG）'],
  ['ssh', '', 1, 'build-ssh-private-repo', "SSH for the build ('default' for your agent)", "构建使用的 SSH（'default' 表示你的 agent）"],
  ['builder', '', 1, 'buildkit', 'Use this builder', '使用这个构建器'],
  ['with-dependencies', '', 0, 'compose-commands', 'Also build the dependencies', '同时构建依赖'],
  ['provenance', '', 1, 'image-vulnerability-scanning', 'Add a provenance attestation', '添加来源证明'],
  ['sbom', '', 1, 'image-vulnerability-scanning', 'Add an SBOM attestation', '添加 SBOM 证明'],
  ['parallel', '', 0, 'compose-commands', 'Build in parallel (deprecated, always on)', '并行构建（已废弃，总是开启）'],
  ['compress', '', 0, 'build-context', 'Compress the build context (deprecated)', '压缩构建上下文（已废弃）'],
  ['force-rm', '', 0, 'docker-build', 'Always remove intermediate containers (deprecated)', '总是删除中间容器（已废弃）'],
  ['no-cache', '', 0, 'build-cache', 'Build without the cache', '不使用缓存构建'],
  ['no-rm', '', 0, 'docker-build', 'Keep intermediate containers (deprecated)', '保留中间容器（已废弃）'],
  ['memory', 'm', 1, 'resource-limits', 'Memory limit for the build (not with BuildKit)', '构建的内存上限（BuildKit 不支持）'],
  ['progress', '', 1, 'build-progress-plain', 'Progress output type', '进度输出方式'],
  ['print', '', 0, 'compose-commands', 'Print the equivalent bake file', '输出等价的 bake 文件'],
  ['check', '', 0, 'dockerfile-best-practices', 'Check the build configuration', '检查构建配置'],
];

/** Options of `docker` itself, before the subcommand (cli/flags/options.go). */
const GLOBAL: Row[] = [
  ['config', '', 1, 'docker-login-credentials', 'Folder of the client configuration (default ~/.docker)', '客户端配置目录（默认 ~/.docker）'],
  ['debug', 'D', 0, 'docker-daemon-connection', 'Debug output', '调试输出'],
  ['log-level', 'l', 1, 'docker-daemon-connection', 'Client log level (debug, info, warn, error, fatal)', '客户端日志级别（debug、info、warn、error、fatal）'],
  ['tls', '', 0, 'remote-api-tcp', 'Use TLS to reach the daemon', '用 TLS 连接守护进程'],
  ['tlsverify', '', 0, 'remote-api-tcp', "Use TLS and verify the daemon's certificate", '使用 TLS 并校验守护进程的证书'],
  ['tlscacert', '', 1, 'remote-api-tcp', 'Trust only certificates signed by this CA', '只信任这个 CA 签发的证书'],
  ['tlscert', '', 1, 'remote-api-tcp', 'Client TLS certificate', '客户端 TLS 证书'],
  ['tlskey', '', 1, 'remote-api-tcp', 'Client TLS key', '客户端 TLS 私钥'],
  ['host', 'H', 1, 'docker-daemon-connection', 'Daemon socket to talk to (unix://, tcp://, ssh://)', '要连接的守护进程套接字（unix://、tcp://、ssh://）'],
  ['context', 'c', 1, 'docker-context-remote', 'Docker context to use', '使用的 Docker context'],
];

/**
 * The commands explain knows, by the name used in source-flags.json. `positionals` is what the
 * words after the flags are, in order (the last one takes the rest); `image` marks the word that
 * is an image or service before the container's command.
 */
export interface CommandDef {
  name: string;
  flags: FlagDef[];
  /** Names of the positional arguments, for the output ("IMAGE", "SERVICE", "PATH"). */
  positionals: string[];
  /** The positional that is the image (run/create) or service (compose run/exec); everything after it is the command. */
  imageAt: number | null;
  topic: string;
  /** Flags stop at the first positional (run, create, exec: `docker run img -d` passes -d to the container). */
  interspersed: boolean;
}

const build = (rows: Row[]): FlagDef[] => rows.map(row);
const without = (rows: Row[], names: string[]): Row[] => rows.filter((r) => !names.includes(r[0]));

export const GLOBAL_FLAGS: FlagDef[] = build(GLOBAL);
export const COMPOSE_FLAGS: FlagDef[] = build(COMPOSE_GLOBAL);

export const COMMANDS: Record<string, CommandDef> = {
  run: { name: 'run', flags: build([...RUN_ONLY, ...CONTAINER]), positionals: ['IMAGE'], imageAt: 0, topic: 'docker-run', interspersed: false },
  create: { name: 'create', flags: build(CONTAINER), positionals: ['IMAGE'], imageAt: 0, topic: 'run-vs-start', interspersed: false },
  exec: { name: 'exec', flags: build(EXEC), positionals: ['CONTAINER'], imageAt: 0, topic: 'docker-exec', interspersed: false },
  cp: { name: 'cp', flags: build(CP), positionals: ['SRC', 'DEST'], imageAt: null, topic: 'docker-cp', interspersed: true },
  logs: { name: 'logs', flags: build(LOGS), positionals: ['CONTAINER'], imageAt: null, topic: 'docker-logs', interspersed: true },
  push: { name: 'push', flags: build(PUSH), positionals: ['IMAGE'], imageAt: null, topic: 'push-image', interspersed: true },
  pull: { name: 'pull', flags: build(PULL), positionals: ['IMAGE'], imageAt: null, topic: 'docker-pull', interspersed: true },
  tag: { name: 'tag', flags: [], positionals: ['SOURCE', 'TARGET'], imageAt: null, topic: 'docker-tag', interspersed: true },
  'image prune': { name: 'image prune', flags: build(IMAGE_PRUNE), positionals: [], imageAt: null, topic: 'dangling-images', interspersed: true },
  'system prune': { name: 'system prune', flags: build(SYSTEM_PRUNE), positionals: [], imageAt: null, topic: 'docker-system-prune', interspersed: true },
  'network create': { name: 'network create', flags: build(NETWORK_CREATE), positionals: ['NETWORK'], imageAt: null, topic: 'bridge-network', interspersed: true },
  'volume create': { name: 'volume create', flags: build(VOLUME_CREATE), positionals: ['VOLUME'], imageAt: null, topic: 'volumes', interspersed: true },
  build: { name: 'build', flags: build([...BUILD, ...without(BUILDX_EXTRA, [])]), positionals: ['PATH'], imageAt: null, topic: 'docker-build', interspersed: true },
  'buildx build': { name: 'buildx build', flags: build([...without(BUILD, ['disable-content-trust']), ...BUILDX_EXTRA]), positionals: ['PATH'], imageAt: null, topic: 'docker-build', interspersed: true },
  'compose up': { name: 'compose up', flags: build(COMPOSE_UP), positionals: ['SERVICE…'], imageAt: null, topic: 'compose-commands', interspersed: true },
  'compose run': { name: 'compose run', flags: build(COMPOSE_RUN), positionals: ['SERVICE'], imageAt: 0, topic: 'compose-commands', interspersed: false },
  'compose exec': { name: 'compose exec', flags: build(COMPOSE_EXEC), positionals: ['SERVICE'], imageAt: 0, topic: 'docker-exec', interspersed: false },
  'compose down': { name: 'compose down', flags: build(COMPOSE_DOWN), positionals: [], imageAt: null, topic: 'compose-commands', interspersed: true },
  'compose logs': { name: 'compose logs', flags: build(COMPOSE_LOGS), positionals: ['SERVICE…'], imageAt: null, topic: 'docker-logs', interspersed: true },
  'compose build': { name: 'compose build', flags: build(COMPOSE_BUILD), positionals: ['SERVICE…'], imageAt: null, topic: 'docker-build', interspersed: true },
};

/** Long forms and aliases → the table's name (`docker container run` = `docker run`, `docker image build` = `docker build`). */
export const ALIASES: Record<string, string> = {
  'container run': 'run',
  'container create': 'create',
  'container exec': 'exec',
  'container cp': 'cp',
  'container logs': 'logs',
  'image push': 'push',
  'image pull': 'pull',
  'image tag': 'tag',
  'image build': 'build',
  'builder build': 'build',
  'buildx b': 'buildx build',
};
