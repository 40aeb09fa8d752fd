package io.jrqlite.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Where the shell's lines come from: a plain stream (pipes, tests) or a line editor on a terminal. */
interface LineInput extends AutoCloseable {

    /** The next line, or null at end of input. */
    String readLine(String prompt) throws IOException;

    @Override
    void close() throws IOException;

    /** Lines from a stream; the prompt is printed only when asked for (a terminal without a line editor). */
    static LineInput plain(InputStream in, PrintStream out, boolean showPrompt) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new LineInput() {
            @Override
            public String readLine(String prompt) throws IOException {
                if (showPrompt) {
                    out.print(prompt);
                    out.flush();
                }
                return reader.readLine();
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }
}
