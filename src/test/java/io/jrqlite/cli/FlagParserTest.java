package io.jrqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlagParserTest {

    private static ParsedFlags parse(String... args) throws CliExit {
        return FlagParser.parse(List.of(args));
    }

    private static CliExit failure(String... args) {
        CliExit e = catchThrowableOfType(CliExit.class, () -> parse(args));
        assertThat(e).isNotNull();
        return e;
    }

    @Test
    void valueAsNextArgumentOrAfterEquals() throws CliExit {
        ParsedFlags f = parse("-http-addr", "h:1", "-raft-addr=r:2", "data");
        assertThat(f.string("http-addr")).isEqualTo("h:1");
        assertThat(f.string("raft-addr")).isEqualTo("r:2");
        assertThat(f.remaining()).containsExactly("data");
    }

    @Test
    void doubleDashIsTheSameAsSingle() throws CliExit {
        ParsedFlags f = parse("--http-addr", "h:1", "--raft-addr=r:2", "--fk", "data");
        assertThat(f.string("http-addr")).isEqualTo("h:1");
        assertThat(f.string("raft-addr")).isEqualTo("r:2");
        assertThat(f.bool("fk")).isTrue();
    }

    @Test
    void emptyValueAfterEquals() throws CliExit {
        assertThat(parse("-node-id=", "d").string("node-id")).isEmpty();
        assertThat(parse("-node-id", "", "d").string("node-id")).isEmpty();
    }

    @Test
    void valueMayContainEqualsAndLookLikeAFlag() throws CliExit {
        assertThat(parse("-node-id=a=b", "d").string("node-id")).isEqualTo("a=b");
        ParsedFlags f = parse("-node-id", "-fk", "d");
        assertThat(f.string("node-id")).isEqualTo("-fk");
        assertThat(f.bool("fk")).isFalse();
    }

    @Test
    void lastOccurrenceWins() throws CliExit {
        assertThat(parse("-join-attempts", "2", "-join-attempts=7", "d").number("join-attempts")).isEqualTo(7);
    }

    @Test
    void bareBooleanMeansTrue() throws CliExit {
        assertThat(parse("-fk", "d").bool("fk")).isTrue();
        assertThat(parse("-raft-shutdown-stepdown=false", "d").bool("raft-shutdown-stepdown")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1,true", "t,true", "T,true", "TRUE,true", "true,true", "True,true",
            "0,false", "f,false", "F,false", "FALSE,false", "false,false", "False,false"})
    void booleanWordsAreGos(String word, boolean expected) throws CliExit {
        assertThat(parse("-fk=" + word, "d").bool("fk")).isEqualTo(expected);
    }

    @Test
    void separateFalseIsNotABooleansValue() throws CliExit {
        ParsedFlags f = parse("-fk", "false");
        assertThat(f.bool("fk")).isTrue();
        assertThat(f.remaining()).containsExactly("false");
    }

    @Test
    void parsingStopsAtTheFirstNonFlag() throws CliExit {
        ParsedFlags f = parse("-fk", "data", "-http-addr", "x:1");
        assertThat(f.remaining()).containsExactly("data", "-http-addr", "x:1");
        assertThat(f.string("http-addr")).isEqualTo("localhost:4001");
        assertThat(f.given()).containsExactly("fk");
    }

    @Test
    void loneDashIsANonFlag() throws CliExit {
        assertThat(parse("-fk", "-", "x").remaining()).containsExactly("-", "x");
    }

    @Test
    void doubleDashEndsFlagsAndIsConsumed() throws CliExit {
        ParsedFlags f = parse("-fk", "--", "-data");
        assertThat(f.remaining()).containsExactly("-data");
        assertThat(parse("--").remaining()).isEmpty();
    }

    @Test
    void typedValues() throws CliExit {
        ParsedFlags f = parse("-join-interval", "1.5s", "-raft-snap", "0x10", "-db-max-ro-conns", "-3",
                "-http-max-body", "1_000", "d");
        assertThat(f.duration("join-interval")).isEqualTo(Duration.ofMillis(1500));
        assertThat(f.number("raft-snap")).isEqualTo(16);
        assertThat(f.number("db-max-ro-conns")).isEqualTo(-3);
        assertThat(f.number("http-max-body")).isEqualTo(1000);
    }

    @Test
    void defaultsWhenNotGiven() throws CliExit {
        ParsedFlags f = parse("d");
        for (Flag flag : Flags.ALL) {
            assertThat(f.value(flag.name())).as(flag.name()).isEqualTo(flag.defaultValue());
            assertThat(f.differsFromDefault(flag.name())).isFalse();
        }
        assertThat(f.given()).isEmpty();
    }

    @Test
    void unknownFlag() {
        CliExit e = failure("-x", "d");
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.text()).isEqualTo("flag provided but not defined: -x");
        assertThat(e.printUsage()).isTrue();
        assertThat(e.stderrOutput()).isEqualTo("flag provided but not defined: -x\n" + FlagParser.usage());
    }

    @Test
    void unknownFlagIsNamedWithoutItsValue() {
        assertThat(failure("--nope=3", "d").text()).isEqualTo("flag provided but not defined: -nope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"on-disk-path", "raft-timeout", "on-disk", "http-no-verify"})
    void removedFlagsAreUnknown(String name) {
        CliExit e = failure("-" + name, "x", "d");
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.text()).isEqualTo("flag provided but not defined: -" + name);
    }

    @Test
    void missingValue() {
        CliExit e = failure("-http-addr");
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.text()).isEqualTo("flag needs an argument: -http-addr");
        assertThat(e.printUsage()).isTrue();
    }

    @Test
    void badValues() {
        CliExit e = failure("-join-attempts", "abc", "d");
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.text()).isEqualTo("invalid value \"abc\" for flag -join-attempts: parse error");
        assertThat(e.printUsage()).isTrue();

        assertThat(failure("-join-interval=5", "d").text())
                .isEqualTo("invalid value \"5\" for flag -join-interval: parse error");
        assertThat(failure("-raft-snap=-1", "d").text())
                .isEqualTo("invalid value \"-1\" for flag -raft-snap: parse error");
        assertThat(failure("-raft-snap=18446744073709551616", "d").text())
                .isEqualTo("invalid value \"18446744073709551616\" for flag -raft-snap: value out of range");
        assertThat(failure("-http-max-body=9223372036854775808", "d").text())
                .isEqualTo("invalid value \"9223372036854775808\" for flag -http-max-body: value out of range");
        assertThat(failure("-join-attempts", "a\"b", "d").text())
                .isEqualTo("invalid value \"a\\\"b\" for flag -join-attempts: parse error");
    }

    @Test
    void badBoolean() {
        CliExit e = failure("-fk=yes", "d");
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.text()).isEqualTo("invalid boolean value \"yes\" for -fk: parse error");
        assertThat(failure("-fk=", "d").text()).isEqualTo("invalid boolean value \"\" for -fk: parse error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"---fk", "-=x", "--=x"})
    void badSyntax(String arg) {
        CliExit e = failure(arg, "d");
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.text()).isEqualTo("bad flag syntax: " + arg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "-help", "--h", "--help", "-h=1"})
    void helpPrintsUsageAndExitsZero(String arg) {
        CliExit e = failure("-fk", arg, "d");
        assertThat(e.exitCode()).isZero();
        assertThat(e.text()).isEmpty();
        assertThat(e.printUsage()).isTrue();
        assertThat(e.stderrOutput()).isEqualTo(FlagParser.usage());
    }

    @Test
    void errorsStopAtTheFirstProblem() {
        assertThat(failure("-x", "-y").text()).isEqualTo("flag provided but not defined: -x");
        assertThat(failure("-x", "-h").exitCode()).isEqualTo(2);
        assertThat(failure("-h", "-x").exitCode()).isZero();
    }

    @Test
    void usageLooksLikeGoPrintDefaults() {
        String usage = FlagParser.usage();
        assertThat(usage).startsWith("Usage: rqlited [flags] <data directory>\n  -auth string\n    \t");
        assertThat(usage).contains("\n  -fk\n    \tEnforce SQLite foreign key constraints\n");
        assertThat(usage).contains("\n  -http-addr string\n    \tAddress the HTTP API listens on (host:port, no scheme)"
                + " (default \"localhost:4001\")\n");
        assertThat(usage).contains("\n  -raft-snap uint\n    \t").contains("(default 8192)\n");
        assertThat(usage).contains("\n  -join-attempts int\n    \t").contains("(default 5)\n");
        assertThat(usage).contains("\n  -bootstrap-expect-timeout duration\n    \t").contains("(default 2m0s)\n");
        assertThat(usage).contains("(default 24h0m0s)\n").contains("(default 50ms)\n");
        assertThat(usage).contains("\n  -raft-shutdown-stepdown\n    \t").contains("first (default true)\n");
        assertThat(usage).contains("\n  -http-max-body int\n    \t").contains("(default 67108864)\n");
        // Zero defaults are not shown.
        assertThat(usage).doesNotContain("(default false)").doesNotContain("(default 0s)")
                .doesNotContain("(default 0)").doesNotContain("(default \"\")");
        assertThat(usage).endsWith("\n");
    }

    @Test
    void usageListsEveryFlagOnceSortedByName() {
        List<String> names = FlagParser.usage().lines().filter(l -> l.startsWith("  -"))
                .map(l -> l.substring(3).split(" ")[0]).toList();
        assertThat(names).hasSize(Flags.ALL.size()).isSorted().doesNotHaveDuplicates();
    }
}
