package io.jrqlite.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Lines typed on a terminal, with JLine's editing, Tab completion and a history file. */
final class EditedInput implements LineInput {

    private final Terminal terminal;
    private final LineReader reader;

    private EditedInput(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    /** History in ~/.rqlite_history, RQLITE_HISTFILESIZE entries kept (default 100, 0 for none). */
    static EditedInput open(Map<String, String> env, TableNames tables) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        int size = historySize(env.get("RQLITE_HISTFILESIZE"));
        tables.refresh(); // so the first Tab need not wait
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal)
                .parser(new ShellLineParser())
                .completer((reader, line, found) -> Completion.candidates(line.line(), line.cursor(), tables.get())
                        .forEach(word -> found.add(new Candidate(word))))
                // SQL is sent as typed: no "!" history expansion (the parser already keeps backslashes).
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .variable(LineReader.HISTORY_SIZE, size)
                .variable(LineReader.HISTORY_FILE_SIZE, size);
        if (size > 0) {
            b.variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".rqlite_history"));
        }
        return new EditedInput(terminal, b.build());
    }

    static int historySize(String value) {
        try {
            return value == null ? 100 : Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    @Override
    public String readLine(String prompt) {
        while (true) {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                // Ctrl-C drops the line being typed, as in most shells
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        reader.getHistory().save();
        terminal.close();
    }
}
