/* UDP echo server for the VM integration tests (busybox in Debian has no UDP server).
 * Freestanding: raw Linux x86_64 syscalls, no libc, so `cc -static -nostdlib -O2` makes a ~1 KB binary.
 * Usage: udp-echo PORT  (echoes every datagram back to its sender). */
typedef unsigned long u64;
static long sys(long n, long a, long b, long c, long d, long e, long f) {
  long r;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
  return r;
}
struct sockaddr_in { unsigned short family; unsigned short port; unsigned int addr; unsigned char zero[8]; };
static int atoi_(const char *s) { int v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }
static int run(int argc, char **argv) {
  if (argc < 2) return 2;
  int port = atoi_(argv[1]);
  long fd = sys(41, 2, 2, 0, 0, 0, 0); /* socket(AF_INET, SOCK_DGRAM, 0) */
  if (fd < 0) return 3;
  struct sockaddr_in a = {2, (unsigned short)((port >> 8) | ((port & 0xff) << 8)), 0, {0}};
  if (sys(49, fd, (long)&a, sizeof a, 0, 0, 0) < 0) return 4; /* bind */
  char buf[2048];
  for (;;) {
    struct sockaddr_in peer;
    unsigned int plen = sizeof peer;
    long n = sys(45, fd, (long)buf, sizeof buf, 0, (long)&peer, (long)&plen); /* recvfrom */
    if (n < 0) continue;
    sys(44, fd, (long)buf, n, 0, (long)&peer, plen); /* sendto */
  }
}
__attribute__((used)) static void start_c(long *sp) {
  int argc = (int)sp[0];
  char **argv = (char **)(sp + 1);
  sys(60, run(argc, argv), 0, 0, 0, 0, 0); /* exit */
}
__asm__(".global _start\n_start:\n xor %rbp,%rbp\n mov %rsp,%rdi\n and $-16,%rsp\n call start_c\n hlt\n");
