// Checks the hand-written multiplier-adder tree (ref_mt_mac.v) against integer
// arithmetic (Icarus): per trial, K rows of a random int8 B are shifted in, then ROWS
// rows of A stream one per cycle; row r of C, read two cycles after row r of A
// entered, must equal sum_k A[r][k] * B[k][j] exactly (C_WIDTH holds every int8 dot
// product of depth K). Trials 0 and 1 are the extremes: all -128 times all -128 and
// all 127 times all -128. Ends with "reference: PASS" or "reference: FAIL".
`timescale 1ns / 1ps
module ref_mt_tb;
  localparam integer K = 16, COLS = 16, C_WIDTH = 20, ROWS = 24, TRIALS = 6;
  reg clk = 1'b0;
  always #5 clk = ~clk;
  reg w_load;
  reg [COLS*8-1:0] w_row;
  reg [K*8-1:0] a_row;
  wire [COLS*C_WIDTH-1:0] c_row;
  ref_mt_mac #(.K(K), .COLS(COLS), .C_WIDTH(C_WIDTH)) dut (
    .clk(clk), .w_load(w_load), .w_row(w_row), .a_row(a_row), .c_row(c_row));
  integer a [0:ROWS-1][0:K-1];
  integer b [0:K-1][0:COLS-1];
  integer r, j, k, trial, errors, seed, want, got;
  initial begin
    errors = 0;
    seed = 11;
    w_load = 1'b0;
    a_row = 0;
    for (trial = 0; trial < TRIALS; trial = trial + 1) begin
      for (r = 0; r < ROWS; r = r + 1)
        for (k = 0; k < K; k = k + 1) a[r][k] = trial == 0 ? -128 : trial == 1 ? 127 : ($random(seed) % 128);
      for (k = 0; k < K; k = k + 1)
        for (j = 0; j < COLS; j = j + 1) b[k][j] = trial < 2 ? -128 : ($random(seed) % 128);
      for (k = 0; k < K; k = k + 1) begin
        @(negedge clk);
        w_load = 1'b1;
        for (j = 0; j < COLS; j = j + 1) w_row[j*8 +: 8] = b[k][j];
      end
      @(negedge clk);
      w_load = 1'b0;
      // Row r enters at negedge r; its C row is on c_row after the second rising edge.
      for (r = 0; r < ROWS + 2; r = r + 1) begin
        for (k = 0; k < K; k = k + 1) a_row[k*8 +: 8] = r < ROWS ? a[r][k] : 0;
        if (r >= 2)
          for (j = 0; j < COLS; j = j + 1) begin
            want = 0;
            for (k = 0; k < K; k = k + 1) want = want + a[r-2][k] * b[k][j];
            got = $signed(c_row[j*C_WIDTH +: C_WIDTH]);
            if (got !== want) begin  // !==: an X sum is an error
              errors = errors + 1;
              if (errors < 5) $display("trial %0d C[%0d][%0d] = %0d, expected %0d", trial, r-2, j, got, want);
            end
          end
        @(negedge clk);
      end
    end
    $display("reference: %s (%0d errors)", errors == 0 ? "PASS" : "FAIL", errors);
    $finish;
  end
endmodule
