/**
 * The build pipeline: {@link org.lowernet.image.build.ImageBuilder} wires small steps, each taking its
 * inputs in the constructor and returning a named value for the next. Steps whose inputs are unchanged
 * come from {@link org.lowernet.image.build.StepCache}. {@link org.lowernet.image.build.Main} is the front
 * door that {@code lowernet build} (scripts/build) calls.
 */
package org.lowernet.image.build;
