package io.harnessrouter.host.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A generated day of {@code code} calls: sessions start at a rate that follows the working day
 * (busy 08:00–19:00 UTC, quiet at night), each session is a burst of calls to one model a few
 * seconds to minutes apart, and every call has a token count drawn from a long-tailed spread.
 * The same seed gives the same day.
 *
 * @param calls every call, by arrival time
 */
record ReplayDay(List<Call> calls) {

    /** One call: when it arrives, the model it asks for ({@code hints.model}), its tokens. */
    record Call(Instant at, String model, long inputTokens, long outputTokens) {
    }

    /** A model of the mix and its share of the sessions. */
    record Share(String model, double weight) {
    }

    /** Sessions started per hour at each UTC hour of the day. */
    private static final double[] SESSIONS_PER_HOUR = {
        2, 1, 1, 1, 1, 2, 4, 9, 20, 28, 32, 28, 18, 26, 32, 30, 25, 20, 13, 9, 6, 4, 3, 2};
    private static final double MEAN_CALLS_PER_SESSION = 5;
    private static final double MEAN_GAP_SECONDS = 45;

    static ReplayDay generate(long seed, Instant start, Duration length, List<Share> mix) {
        Random random = new Random(seed);
        double total = mix.stream().mapToDouble(Share::weight).sum();
        List<Call> calls = new ArrayList<>();
        Instant end = start.plus(length);
        Instant t = start;
        while (true) {
            int hour = t.atZone(ZoneOffset.UTC).getHour();
            double perSecond = SESSIONS_PER_HOUR[hour] / 3600.0;
            t = t.plusMillis(Math.round(exponential(random, 1 / perSecond) * 1000));
            if (!t.isBefore(end)) {
                break;
            }
            String model = pick(random, mix, total);
            int n = 1 + geometric(random, MEAN_CALLS_PER_SESSION - 1);
            Instant at = t;
            for (int i = 0; i < n && at.isBefore(end); i++) {
                long in = Math.round(Math.exp(9.6 + 0.9 * random.nextGaussian()));     // median ≈ 15k
                long out = Math.round(Math.exp(7.3 + 0.8 * random.nextGaussian()));    // median ≈ 1.5k
                calls.add(new Call(at, model, in, out));
                at = at.plusMillis(Math.round(exponential(random, MEAN_GAP_SECONDS) * 1000));
            }
        }
        calls.sort(Comparator.comparing(Call::at));
        return new ReplayDay(List.copyOf(calls));
    }

    private static double exponential(Random random, double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    private static int geometric(Random random, double mean) {
        double p = 1 / (mean + 1);
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }

    private static String pick(Random random, List<Share> mix, double total) {
        double x = random.nextDouble() * total;
        for (Share s : mix) {
            x -= s.weight();
            if (x < 0) {
                return s.model();
            }
        }
        return mix.get(mix.size() - 1).model();
    }
}
