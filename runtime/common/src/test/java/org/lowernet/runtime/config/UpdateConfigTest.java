package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** update.*: the defaults, and a trial limit that leaves a trial no time to commit is an error on its line. */
class UpdateConfigTest {

    @Test
    void theDefaultsGiveATrialTenMinutesOfHealthWithinHalfAnHourThreeTimes() {
        assertEquals(new UpdateConfig(Duration.ofMinutes(10), Duration.ofMinutes(30), 3), ConfigTesting.valid("").update());
        assertEquals(new UpdateConfig(Duration.ofSeconds(10), Duration.ofSeconds(90), 1),
                ConfigTesting.valid("update.commit_after = 10s\nupdate.trial_limit = 90s\nupdate.max_tries = 1\n").update());
    }

    @Test
    void aTrialLimitThatLeavesNoRoomToBootAndCommitIsAnError() {
        String tooShort = ConfigTesting.oneError("update.commit_after = 10m\nupdate.trial_limit = 10m\n", 2);
        assertTrue(tooShort.contains("update.trial_limit at least 1m longer than update.commit_after"), tooShort);
        String defaultLimit = ConfigTesting.oneError("update.commit_after = 1h\n", 1);
        assertTrue(defaultLimit.contains("update.trial_limit 30m, update.commit_after 1h"), defaultLimit);
    }
}
