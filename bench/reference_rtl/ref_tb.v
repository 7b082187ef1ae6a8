// Checks the hand-written reference arrays against integer arithmetic (Icarus):
// random int8 matrices A (ROWS x K) and B (K x COLS) are fed skewed, as the arrays
// expect, after a `clear`; every accumulator (sum + carry for OPT1) must equal
// sum_k A[i][k] * B[k][j] mod 2^C_WIDTH. Define OPT1 to check ref_os_opt1.
// Ends with "reference: PASS" or "reference: FAIL".
`timescale 1ns / 1ps
module ref_tb;
  localparam integer ROWS = 8, COLS = 8, C_WIDTH = 28, K = 40, TRIALS = 6;
  reg clk = 1'b0;
  always #5 clk = ~clk;
  reg clear;
  reg [ROWS*8-1:0] a_in;
  reg [COLS*8-1:0] b_in;
`ifdef OPT1
  wire [ROWS*COLS*C_WIDTH-1:0] c_sum, c_carry;
  ref_os_opt1 #(.ROWS(ROWS), .COLS(COLS), .C_WIDTH(C_WIDTH)) dut (
    .clk(clk), .clear(clear), .a_in(a_in), .b_in(b_in), .c_sum(c_sum), .c_carry(c_carry));
`else
  wire [ROWS*COLS*C_WIDTH-1:0] c_out;
  ref_os_mac #(.ROWS(ROWS), .COLS(COLS), .C_WIDTH(C_WIDTH)) dut (
    .clk(clk), .clear(clear), .a_in(a_in), .b_in(b_in), .c_out(c_out));
`endif
  integer a [0:ROWS-1][0:K-1];
  integer b [0:K-1][0:COLS-1];
  integer i, j, k, t, trial, errors, seed, want, got;
  initial begin
    errors = 0;
    seed = 7;
    // Zero beats first, so that the operand pipelines hold zeros rather than power-up X
    // when the first clear arrives (the accumulators then must come out of the clear).
    clear = 1'b0;
    a_in = 0;
    b_in = 0;
    repeat (ROWS + COLS) @(negedge clk);
    for (trial = 0; trial < TRIALS; trial = trial + 1) begin
      for (i = 0; i < ROWS; i = i + 1)
        for (k = 0; k < K; k = k + 1) a[i][k] = trial == 0 ? -128 : trial == 1 ? 127 : ($random(seed) % 128);
      for (k = 0; k < K; k = k + 1)
        for (j = 0; j < COLS; j = j + 1) b[k][j] = trial == 0 ? -128 : trial == 1 ? -128 : ($random(seed) % 128);
      // Cycle t: row i sees A[i][t - i] and column j sees B[t - j][j] (zeros outside);
      // `clear` travels with the first beat and restarts each accumulator.
      for (t = 0; t < K + ROWS + COLS; t = t + 1) begin
        @(negedge clk);
        clear = t == 0;
        for (i = 0; i < ROWS; i = i + 1) a_in[i*8 +: 8] = (t - i >= 0 && t - i < K) ? a[i][t - i] : 0;
        for (j = 0; j < COLS; j = j + 1) b_in[j*8 +: 8] = (t - j >= 0 && t - j < K) ? b[t - j][j] : 0;
        // The clear reaches row i with the skewed data: row i's first beat enters at t = i.
      end
      @(negedge clk);
      for (i = 0; i < ROWS; i = i + 1)
        for (j = 0; j < COLS; j = j + 1) begin
          want = 0;
          for (k = 0; k < K; k = k + 1) want = want + a[i][k] * b[k][j];
`ifdef OPT1
          got = c_sum[(i*COLS+j)*C_WIDTH +: C_WIDTH] + c_carry[(i*COLS+j)*C_WIDTH +: C_WIDTH];
`else
          got = c_out[(i*COLS+j)*C_WIDTH +: C_WIDTH];
`endif
          if ((got - want) % (1 << C_WIDTH) !== 0) begin  // !==: an X sum is an error
            errors = errors + 1;
            if (errors < 5) $display("trial %0d C[%0d][%0d] = %0d, expected %0d", trial, i, j, got, want);
          end
        end
    end
    $display("reference: %s (%0d errors)", errors == 0 ? "PASS" : "FAIL", errors);
    $finish;
  end
endmodule
