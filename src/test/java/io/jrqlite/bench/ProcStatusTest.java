package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcStatusTest {

    private static final String STATUS = """
            Name:\tjava
            State:\tS (sleeping)
            Pid:\t4242
            VmPeak:\t 3456780 kB
            VmHWM:\t  201344 kB
            VmRSS:\t  187904 kB
            Threads:\t42
            """;

    @Test
    void readsKilobyteFields() {
        assertThat(ProcStatus.kb(STATUS, "VmRSS")).hasValue(187904);
        assertThat(ProcStatus.kb(STATUS, "VmHWM")).hasValue(201344);
    }

    @Test
    void missingOrMalformedFieldIsEmpty() {
        assertThat(ProcStatus.kb(STATUS, "VmSwap")).isEmpty();
        assertThat(ProcStatus.kb(STATUS, "Vm")).isEmpty(); // a prefix of a field name is not the field
        assertThat(ProcStatus.kb("VmRSS:\tlots kB\n", "VmRSS")).isEmpty();
    }

    @Test
    void ownProcessHasAResidentSize() {
        OptionalLong rss = ProcStatus.read(ProcessHandle.current().pid(), "VmRSS");
        if (rss.isPresent()) { // Linux only
            assertThat(rss.getAsLong()).isPositive();
        }
        assertThat(ProcStatus.read(Long.MAX_VALUE, "VmRSS")).isEmpty();
    }
}
