// Checks the hand-written 2D-Matrix MAC array (ref_m2d_mac.v) against integer
// arithmetic (Icarus): per trial, random int8 A (ROWS x K) and B (K x COLS) stream one
// beat a cycle, unskewed, `clear` with the first beat; two cycles after the last beat
// every accumulator must equal sum_k A[i][k] * B[k][j] mod 2^C_WIDTH. Trials 0 and 1 are
// the extremes: all -128 times all -128 and all 127 times all -128. Ends with
// "reference: PASS" or "reference: FAIL".
`timescale 1ns / 1ps
module ref_m2d_tb;
  localparam integer ROWS = 16, COLS = 16, C_WIDTH = 28, K = 40, TRIALS = 6;
  reg clk = 1'b0;
  always #5 clk = ~clk;
  reg clear;
  reg [ROWS*8-1:0] a_in;
  reg [COLS*8-1:0] b_in;
  wire [ROWS*COLS*C_WIDTH-1:0] c_out;
  ref_m2d_mac #(.ROWS(ROWS), .COLS(COLS), .C_WIDTH(C_WIDTH)) dut (
    .clk(clk), .clear(clear), .a_in(a_in), .b_in(b_in), .c_out(c_out));
  integer a [0:ROWS-1][0:K-1];
  integer b [0:K-1][0:COLS-1];
  integer i, j, k, trial, errors, seed, want, got;
  initial begin
    errors = 0;
    seed = 13;
    for (trial = 0; trial < TRIALS; trial = trial + 1) begin
      for (i = 0; i < ROWS; i = i + 1)
        for (k = 0; k < K; k = k + 1) a[i][k] = trial == 0 ? -128 : trial == 1 ? 127 : ($random(seed) % 128);
      for (k = 0; k < K; k = k + 1)
        for (j = 0; j < COLS; j = j + 1) b[k][j] = trial < 2 ? -128 : ($random(seed) % 128);
      for (k = 0; k < K; k = k + 1) begin
        @(negedge clk);
        clear = k == 0;
        for (i = 0; i < ROWS; i = i + 1) a_in[i*8 +: 8] = a[i][k];
        for (j = 0; j < COLS; j = j + 1) b_in[j*8 +: 8] = b[k][j];
      end
      // The last beat is registered at the next edge and accumulated at the one after.
      @(negedge clk);
      a_in = 0;
      b_in = 0;
      clear = 1'b0;
      @(negedge clk);
      for (i = 0; i < ROWS; i = i + 1)
        for (j = 0; j < COLS; j = j + 1) begin
          want = 0;
          for (k = 0; k < K; k = k + 1) want = want + a[i][k] * b[k][j];
          got = c_out[(i*COLS+j)*C_WIDTH +: C_WIDTH];
          if ((got - want) % (1 << C_WIDTH) !== 0) begin  // !==: an X sum is an error
            errors = errors + 1;
            if (errors < 5) $display("trial %0d C[%0d][%0d] = %0d, expected %0d", trial, i, j, got, want);
          end
        end
      // Zero beats after the read leave the sums unchanged; the next trial clears them.
    end
    $display("reference: %s (%0d errors)", errors == 0 ? "PASS" : "FAIL", errors);
    $finish;
  end
endmodule
