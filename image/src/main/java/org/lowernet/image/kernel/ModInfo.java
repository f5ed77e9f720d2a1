package org.lowernet.image.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a module says about itself in its {@code .modinfo} section: NUL-separated "key=value" strings
 * written by MODULE_INFO() (include/linux/moduleparam.h) and modpost ({@code depends=}, {@code name=}).
 */
public record ModInfo(String name, List<String> depends, List<String> aliases, List<String> softdepPre,
        List<String> softdepPost) {

    static final String SECTION = ".modinfo";

    public ModInfo {
        depends = List.copyOf(depends);
        aliases = List.copyOf(aliases);
        softdepPre = List.copyOf(softdepPre);
        softdepPost = List.copyOf(softdepPost);
    }

    /**
     * Parses the module ELF {@code ko}; {@code fileName} ("bcm2835-wdt.ko") supplies the name when the
     * module has no {@code name=} entry (kernels before 4.x did not write one).
     */
    public static ModInfo parse(byte[] ko, String fileName) {
        byte[] section = new ElfSections(ko, fileName).section(SECTION).orElseThrow(() ->
                new IllegalArgumentException("module " + fileName + " has no " + SECTION
                        + " section; is it really a kernel module?"));
        String name = moduleName(fileName);
        List<String> depends = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        List<String> pre = new ArrayList<>();
        List<String> post = new ArrayList<>();
        for (String entry : new String(section, StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                continue; // alignment padding between entries
            }
            String value = entry.substring(eq + 1);
            switch (entry.substring(0, eq)) {
                case "name" -> name = moduleName(value);
                case "depends" -> Arrays.stream(value.split(",")).filter(s -> !s.isBlank())
                        .map(ModInfo::moduleName).forEach(depends::add);
                case "alias" -> aliases.add(value);
                case "softdep" -> parseSoftdep(value, pre, post);
                default -> { } // license, description, vermagic, parm...: not needed to load modules
            }
        }
        return new ModInfo(name, depends, aliases, pre, post);
    }

    /** "pre: a b post: c" (modprobe.d(5) softdep syntax) into the two lists. */
    private static void parseSoftdep(String value, List<String> pre, List<String> post) {
        List<String> target = null;
        for (String word : value.trim().split("\\s+")) {
            switch (word) {
                case "pre:" -> target = pre;
                case "post:" -> target = post;
                case "" -> { }
                default -> {
                    if (target != null) {
                        target.add(moduleName(word));
                    }
                }
            }
        }
    }

    /**
     * The kernel's name for a module file or module reference: directory and {@code .ko*} suffix
     * dropped, '-' as '_' (the kernel and modprobe treat them alike; KBUILD_MODNAME uses '_').
     */
    public static String moduleName(String fileOrName) {
        String base = fileOrName.substring(fileOrName.lastIndexOf('/') + 1);
        int ko = base.indexOf(".ko");
        if (ko > 0 && (base.length() == ko + 3 || base.charAt(ko + 3) == '.')) {
            base = base.substring(0, ko);
        }
        return base.replace('-', '_');
    }
}
