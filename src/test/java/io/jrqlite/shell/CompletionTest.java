package io.jrqlite.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jline.reader.Parser;
import org.junit.jupiter.api.Test;

class CompletionTest {

    private static final List<String> TABLES = List.of("pets", "People", "orders", "order_items");

    private static List<String> at(String line) {
        return Completion.candidates(line, line.length(), TABLES);
    }

    @Test
    void sqlWordsCompleteToTableNamesIgnoringCase() {
        assertThat(at("SELECT * FROM pe")).containsExactly("pets", "People");
        assertThat(at("select * from ORD")).containsExactly("orders", "order_items");
        assertThat(at("INSERT INTO order_")).containsExactly("order_items");
        assertThat(at("SELECT * FROM pets JOIN ")).containsExactlyElementsOf(TABLES);
        assertThat(at("SELECT * FROM nothing_like_it")).isEmpty();
    }

    @Test
    void theWordIsTheIdentifierBeforeTheCursor() {
        assertThat(at("SELECT * FROM orders,pe")).containsExactly("pets", "People");
        assertThat(at("SELECT count(*) FROM \"ord")).containsExactly("orders", "order_items");
        assertThat(at("SELECT * FROM main.pe")).containsExactly("pets", "People");
        String line = "SELECT * FROM pe WHERE 1";
        assertThat(Completion.candidates(line, "SELECT * FROM pe".length(), TABLES)).containsExactly("pets", "People");
        assertThat(Completion.wordStart("SELECT * FROM orders,pe", 23)).isEqualTo(21);
    }

    @Test
    void aLeadingDotCompletesDotCommands() {
        assertThat(at(".ta")).containsExactly(".tables");
        assertThat(at("  .RE")).containsExactly(".read", ".ready", ".reap", ".remove", ".restore");
        assertThat(at(".")).hasSize(Completion.COMMANDS.size()).contains(".help", ".stepdown", ".blobarray");
        assertThat(Completion.wordStart("  .ta", 5)).isEqualTo(2);
    }

    @Test
    void dotCommandArgumentsCompleteToTheirValues() {
        assertThat(at(".dump out.sql ")).containsExactlyElementsOf(TABLES);
        assertThat(at(".dump out.sql pets,ord")).containsExactly("orders", "order_items");
        assertThat(at(".DUMP out.sql o")).containsExactly("orders", "order_items");
        assertThat(at(".mode c")).containsExactly("column", "csv");
        assertThat(at(".consistency ")).containsExactly("none", "weak", "linearizable", "strong");
        assertThat(at(".blobarray o")).containsExactly("on", "off");
        assertThat(at(".nodes ")).containsExactly("all");
    }

    @Test
    void argumentsWithNothingToOfferGetNothing() {
        assertThat(at(".dump pe")).as("the file name is not a table").isEmpty();
        assertThat(at(".backup pe")).isEmpty();
        assertThat(at(".schema pe")).isEmpty();
        assertThat(at(".mode csv ")).isEmpty();
        assertThat(at(".dump out.sql pets pe")).isEmpty();
    }

    @Test
    void theParserKeepsLinesAsTypedAndHandsJLineTheWordBeforeTheCursor() {
        ShellLineParser parser = new ShellLineParser();
        String sql = "SELECT 'it''s \\ fine' FROM orders,pe";
        var parsed = parser.parse(sql, sql.length(), Parser.ParseContext.COMPLETE);
        assertThat(parsed.word()).isEqualTo("pe");
        assertThat(parsed.wordCursor()).isEqualTo(2);
        assertThat(parsed.line()).isEqualTo(sql);
        // An unclosed quote is no reason to wait for more lines, and a backslash is an ordinary character.
        var accepted = parser.parse("SELECT 'unclosed", 16, Parser.ParseContext.ACCEPT_LINE);
        assertThat(accepted.line()).isEqualTo("SELECT 'unclosed");
        assertThat(parser.isEscapeChar('\\')).isFalse();
        assertThat(parser.parse(".ta", 3, Parser.ParseContext.COMPLETE).word()).isEqualTo(".ta");
    }
}
