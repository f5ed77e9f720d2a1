/**
 * Crash loops: busybox init restarts the runtime whenever it exits, so a runtime that fails at every start
 * would fail forever. {@link org.lowernet.runtime.crash.Starts} keeps a small record of the starts that did not
 * end cleanly (in /run, which lasts one boot, and on /data when it is mounted, which lasts across reboots);
 * {@link org.lowernet.runtime.crash.CrashLoop} decides from it whether this start runs in safe mode. A
 * test-only switch on the kernel command line ({@link org.lowernet.runtime.crash.TestCrash}) makes a start fail
 * on purpose, so the system tests can drive a real loop.
 */
package org.lowernet.runtime.crash;
