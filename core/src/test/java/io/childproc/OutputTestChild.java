package io.childproc;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A Java program that tests run as a real child to write output: {@code lines N MILLIS}
 * writes {@code line 1..N} to standard output, one every MILLIS ms, then {@code done} to
 * standard error without a line break and exits 1; {@code bytes N} writes N bytes of
 * {@code x} to standard output as fast as it can, then exits 0.
 */
public final class OutputTestChild {

	private OutputTestChild() {
	}

	public static void main(String[] args) throws Exception {
		PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
		switch (args[0]) {
			case "lines" -> {
				int count = Integer.parseInt(args[1]);
				long pause = Long.parseLong(args[2]);
				for (int i = 1; i <= count; i++) {
					out.println("line " + i);
					if (pause > 0) {
						Thread.sleep(pause);
					}
				}
				System.err.print("done");
				System.err.flush();
				System.exit(1);
			}
			case "bytes" -> {
				long count = Long.parseLong(args[1]);
				byte[] chunk = new byte[64 * 1024];
				java.util.Arrays.fill(chunk, (byte) 'x');
				while (count > 0) {
					int length = (int) Math.min(chunk.length, count);
					System.out.write(chunk, 0, length);
					count -= length;
				}
				System.out.flush();
				System.exit(0);
			}
			default -> throw new IllegalArgumentException("Unknown mode " + args[0]);
		}
	}

}
