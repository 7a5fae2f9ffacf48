// The guest's end of the share link: sshfs runs a relay as its "ssh", which joins it to the host's sftp-server through a socket sshd forwards to Berth.
import { quoteShellWord } from '../../../../app/parse/shellwords.js';

/** Root's directory in the guest for the link: the relay, the sockets sshd listens on, which one is current. */
export const RELAY_DIR = '/run/berth/sftp';
export const RELAY_PATH = `${RELAY_DIR}/relay`;
const NAME = 'berth-sftp-relay';

/**
 * The relay, in Perl because the guest's minimal Debian always has perl-base (Essential) and no socat. It ignores the
 * ssh arguments sshfs passes, reads which socket is current, names itself after it (so the host can end relays of a
 * link that is gone), and copies bytes each way in its own process, so neither direction can hold up the other.
 */
export const relayScript = (dir = RELAY_DIR): string => `#!/usr/bin/perl
# ${NAME}: sshfs's "ssh" in the Berth VM; joins sshfs to the host's sftp-server through the socket in ${dir}/current.
use strict;
use warnings;
use IO::Socket::UNIX;
use Socket qw(SOCK_STREAM SHUT_WR);
open(my $f, '<', '${dir}/current') or die "${NAME}: Berth has no link to the VM ($!)\\n";
my $path = <$f> // '';
chomp $path;
close $f;
$0 = "${NAME} $path";
my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $path) or die "${NAME}: $path: $!\\n";
sub copy {
  my ($in, $out) = @_;
  while (1) {
    my $n = sysread($in, my $buf, 262144);
    return if !$n;
    my $off = 0;
    while ($off < $n) {
      my $w = syswrite($out, $buf, $n - $off, $off);
      return if !defined $w;
      $off += $w;
    }
  }
}
my $pid = fork() // die "${NAME}: fork: $!\\n";
if ($pid == 0) {
  copy(\\*STDIN, $s);
  shutdown($s, SHUT_WR);
  exit 0;
}
copy($s, \\*STDOUT);
kill 'TERM', $pid;
exit 0;
`;
export const RELAY_SCRIPT = relayScript();

/** Installs the relay (its text on stdin): root's directory, mode 0700, so no container or user reaches the sockets. */
export const INSTALL_RELAY = `mkdir -p -m 700 ${RELAY_DIR} && chmod 700 ${RELAY_DIR} && cat > ${RELAY_PATH}.new && chmod 700 ${RELAY_PATH}.new && mv ${RELAY_PATH}.new ${RELAY_PATH}`;

/** The socket sshd listens on for one link (one SSH connection of one Berth process). */
export function linkSocket(link: string): string {
  if (!/^[a-z0-9-]{1,40}$/.test(link)) throw new Error(`not a link name: ${link}`);
  return `${RELAY_DIR}/${link}.sock`;
}

/**
 * Makes `socket` the current link: new relays connect to it; sockets of earlier links are removed and their relays
 * ended (a relay of a link that is gone holds sshfs on a pipe nothing answers; ended, sshfs reconnects through a new one).
 * sshfs processes of an older Berth, which spoke SFTP over their own SSH channel (`-o passive`), cannot reconnect:
 * they are ended too, so their mounts read as lost and are mounted again.
 */
export function switchLinkCommand(socket: string, dir = RELAY_DIR): string {
  const s = quoteShellWord(socket);
  return [
    `printf '%s\\n' ${s} > ${dir}/current.new && mv ${dir}/current.new ${dir}/current`,
    `for f in ${dir}/*.sock; do [ "$f" = ${s} ] || rm -f "$f"; done`,
    `for p in $(pgrep -f '^${NAME} '); do set -- $(tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null); [ "$2" = ${s} ] || kill $p 2>/dev/null; done`,
    `for p in $(pgrep -x sshfs); do tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null | grep -qF -- '-f -o passive,' && kill $p 2>/dev/null; done`,
    'true',
  ].join('; ');
}
