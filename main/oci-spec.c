// SPDX-License-Identifier: GPL-2.0
/*
 * umvm oci features (what this runtime understands, runtime-spec
 * features.md) and umvm oci spec (a default config.json, as runc's).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "oci.h"
#include "os.h"
#include "umvm.h"

int oci_cmd_features(void)
{
	struct sbuf b = { 0 };

	sb_add(&b, "{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":\"1.0.2\","
	       "\"hooks\":[],"
	       "\"mountOptions\":[\"bind\",\"rbind\",\"ro\",\"rw\",\"nosuid\","
	       "\"nodev\",\"noexec\",\"mode\",\"size\"],"
	       "\"linux\":{\"namespaces\":[\"cgroup\",\"ipc\",\"mount\","
	       "\"network\",\"pid\",\"uts\"],\"capabilities\":[");
	for (int i = 0; i < oci_ncaps; i++)
		sb_add(&b, "%s\"%s\"", i ? "," : "", oci_cap_names[i]);
	sb_add(&b, "],\"cgroup\":{\"v1\":true,\"v2\":true,\"systemd\":false,"
	       "\"systemdUser\":false},"
	       "\"seccomp\":{\"enabled\":true,\"actions\":[\"SCMP_ACT_ALLOW\","
	       "\"SCMP_ACT_ERRNO\",\"SCMP_ACT_KILL\",\"SCMP_ACT_KILL_PROCESS\","
	       "\"SCMP_ACT_KILL_THREAD\",\"SCMP_ACT_LOG\",\"SCMP_ACT_TRACE\","
	       "\"SCMP_ACT_TRAP\"],\"operators\":[],"
	       "\"archs\":[\"SCMP_ARCH_X86_64\"]},"
	       "\"apparmor\":{\"enabled\":false},"
	       "\"selinux\":{\"enabled\":false}},"
	       "\"annotations\":{\"io.github.umvm.runtime\":\"umvm oci\","
	       "\"umvm.backend\":\"auto|vm|seccomp|sysemu|syscall\","
	       "\"umvm.cpus\":\"auto|pin|free\","
	       "\"umvm.fake-root\":\"true|false\","
	       "\"umvm.deny-net\":\"true|false\","
	       "\"umvm.kernel-release\":\"uname -r of the guest\","
	       "\"umvm.policy\":\"a umvm policy file on the host\"}}");
	printf("%s\n", b.s);
	return 0;
}

static const char spec_json[] =
"{\n"
"\t\"ociVersion\": \"1.0.2\",\n"
"\t\"process\": {\n"
"\t\t\"terminal\": true,\n"
"\t\t\"user\": { \"uid\": 0, \"gid\": 0 },\n"
"\t\t\"args\": [ \"sh\" ],\n"
"\t\t\"env\": [\n"
"\t\t\t\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\n"
"\t\t\t\"TERM=xterm\"\n"
"\t\t],\n"
"\t\t\"cwd\": \"/\",\n"
"\t\t\"capabilities\": {\n"
"\t\t\t\"bounding\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],\n"
"\t\t\t\"effective\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],\n"
"\t\t\t\"permitted\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],\n"
"\t\t\t\"ambient\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ]\n"
"\t\t},\n"
"\t\t\"rlimits\": [ { \"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 1024 } ],\n"
"\t\t\"noNewPrivileges\": true\n"
"\t},\n"
"\t\"root\": { \"path\": \"rootfs\", \"readonly\": true },\n"
"\t\"hostname\": \"umvm\",\n"
"\t\"mounts\": [\n"
"\t\t{ \"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\" },\n"
"\t\t{ \"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
"\t\t  \"options\": [ \"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\" ] },\n"
"\t\t{ \"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\",\n"
"\t\t  \"options\": [ \"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", \"mode=0620\" ] },\n"
"\t\t{ \"destination\": \"/dev/shm\", \"type\": \"tmpfs\", \"source\": \"shm\",\n"
"\t\t  \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"mode=1777\", \"size=65536k\" ] },\n"
"\t\t{ \"destination\": \"/dev/mqueue\", \"type\": \"mqueue\", \"source\": \"mqueue\",\n"
"\t\t  \"options\": [ \"nosuid\", \"noexec\", \"nodev\" ] },\n"
"\t\t{ \"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\",\n"
"\t\t  \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"ro\" ] }\n"
"\t],\n"
"\t\"linux\": {\n"
"%s"
"\t\t\"maskedPaths\": [ \"/proc/acpi\", \"/proc/asound\", \"/proc/kcore\", \"/proc/keys\",\n"
"\t\t\t\"/proc/latency_stats\", \"/proc/timer_list\", \"/proc/timer_stats\",\n"
"\t\t\t\"/proc/sched_debug\", \"/sys/firmware\", \"/proc/scsi\" ],\n"
"\t\t\"readonlyPaths\": [ \"/proc/bus\", \"/proc/fs\", \"/proc/irq\", \"/proc/sys\",\n"
"\t\t\t\"/proc/sysrq-trigger\" ]\n"
"\t}\n"
"}\n";

static const char spec_ns[] =
"\t\t\"namespaces\": [ { \"type\": \"pid\" }, { \"type\": \"network\" },\n"
"\t\t\t{ \"type\": \"ipc\" }, { \"type\": \"uts\" }, { \"type\": \"mount\" },\n"
"\t\t\t{ \"type\": \"cgroup\" } ],\n";

int oci_cmd_spec(int argc, char **argv)
{
	const char *bundle = ".";
	char path[PATH_MAX], text[sizeof(spec_json) + sizeof(spec_ns)];
	int c, rootless = 0, n, r;

	optind = 1;
	while ((c = oci_next_option(argc, argv, OCI_SPEC)) != -1) {
		switch (c) {
		case OCI_OPT_BUNDLE: bundle = optarg; break;
		case OCI_OPT_SPEC_ROOTLESS: rootless = 1; break;
		}
	}
	snprintf(path, sizeof(path), "%s/config.json", bundle);
	if (os_file_kind(path, 0) >= 0)
		oci_fail("spec: '%s' exists already", path);
	/* Unprivileged, umvm's view is the isolation: no namespaces. */
	n = snprintf(text, sizeof(text), spec_json, rootless ? "" : spec_ns);
	r = os_replace_file(path, text, n);
	if (r < 0)
		oci_fail("spec: '%s': %s", path, strerror(-r));
	return 0;
}
