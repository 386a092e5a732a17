package io.ao.shared.workflows.expr;

import com.google.common.collect.ImmutableList;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import java.util.Optional;

/**
 * The one CEL environment every workflow expression compiles in: the variables {@code lead} (a
 * struct of the Lead schema, {@link LeadVariables}) and {@code steps} ({@code map(string, dyn)}),
 * the standard functions and macros ({@code has}, {@code all}, {@code exists}, {@code exists_one},
 * {@code map}, {@code filter}), the strings extension ({@code lowerAscii}, {@code split}, ...), and
 * a bool result.
 *
 * <p>Options: numbers compare across int and double ({@code lead.score > 10.5}), as people write
 * them; a comprehension stops after {@value #MAX_ITERATIONS} iterations, so no expression holds an
 * event loop for long (a lead has at most 20 tags and 50 custom fields).
 *
 * <p>{@link Cel} and the programs it creates are immutable and thread-safe (cel-java documents
 * {@code CelRuntime} as {@code @ThreadSafe} and {@code Program} as {@code @Immutable}): one
 * instance serves every verticle.
 */
final class ExpressionEnvironment {

  static final int MAX_ITERATIONS = 1_000;

  static final Cel CEL = build();

  private ExpressionEnvironment() {}

  private static Cel build() {
    CelOptions options =
        CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .build();
    CelTypeProvider leadType =
        new CelTypeProvider() {
          @Override
          public ImmutableList<CelType> types() {
            return ImmutableList.of(LeadVariables.TYPE);
          }

          @Override
          public Optional<CelType> findType(String typeName) {
            return LeadVariables.TYPE_NAME.equals(typeName)
                ? Optional.of(LeadVariables.TYPE)
                : Optional.empty();
          }
        };
    return CelFactory.standardCelBuilder()
        .setOptions(options)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(leadType)
        .addVar("lead", LeadVariables.TYPE)
        .addVar("steps", MapType.create(SimpleType.STRING, SimpleType.DYN))
        .addCompilerLibraries(CelExtensions.strings())
        .addRuntimeLibraries(CelExtensions.strings())
        .setResultType(SimpleType.BOOL)
        .build();
  }
}
