package dev.chassis.gateway.internal;

/** Client text shown in answers: shortened and stripped of control characters. */
final class Texts {
    private static final int MAX = 120;

    private Texts() {}

    static String excerpt(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() <= MAX ? clean : clean.substring(0, MAX) + "...";
    }
}
