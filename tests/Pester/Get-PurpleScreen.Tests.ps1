#Requires -Modules Pester
# Pester 5: mirrors the xunit acceptance in tests/VirtDiag.Tests/Psod for machines with pwsh.
BeforeDiscovery {
    $fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/psod'
    $hasFixtures = Test-Path $fixtures
    $cases = @(
        @{ Name = 'esx3x-lost-heartbeat-cos-kb308590.txt'; Count = 1; Category = 'LostHeartbeat'; Frames = 1; Symbol = 'blk_dev+0xbd8524a5' }
        @{ Name = 'esx3x-pcpu1-locked-up-tlb-helper1-4-kb1004250.txt'; Count = 1; Category = 'LockedUpTlbInvalidate'; Frames = 7; Symbol = 'Panic+0x17' }
        @{ Name = 'esx41-esxi50-pf14-worldnewint-sh-kb2012404.txt'; Count = 1; Category = 'PageFault'; Frames = 7; Symbol = 'WorldNewInt+0xa3' }
        @{ Name = 'esx4x-assert-pframe_int-vmmemmigrate-vmotion-kb311064.txt'; Count = 1; Category = 'Assert'; Frames = 8; Symbol = 'Panic+0xa9' }
        @{ Name = 'esxi51-55-pf14-e1000pollrxring-vmast-ugg.li.txt'; Count = 1; Category = 'PageFault'; Frames = 19; Symbol = 'E1000PollRxRing+0xdb9' }
        @{ Name = 'esxi703-80-pframe-isbackedbylpage-frames-only-kb318512.txt'; Count = 1; Category = 'Other'; Frames = 6; Symbol = 'PFrame_IsBackedByLPage+0x0' }
        @{ Name = 'esxi703-nmi-ipi-panic-requested-heartbeat-vmfs6-unmap-partial-kb307646.txt'; Count = 1; Category = 'PanicRequestedByOtherCpu'; Frames = 7; Symbol = 'HeapVSIAddChunkInfo+0x1b0' }
        @{ Name = 'esxi8x-pf14-networld-vm-vmxnet3-asynctx-kb417157.txt'; Count = 1; Category = 'PageFault'; Frames = 4; Symbol = 'Vmxnet3VMKDev_AsyncTx+0x1d' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/psod'
}

Describe 'Get-PurpleScreen' {
    It 'parses <Name>' -ForEach $cases -Skip:(-not $hasFixtures) {
        $s = @(Get-PurpleScreen -LiteralPath (Join-Path $fixtures $Name))
        $s.Count | Should -Be $Count
        $s[0].Category | Should -Be $Category
        $s[0].Frames.Count | Should -Be $Frames
        $s[0].Frames[0].ToString() | Should -Be $Symbol
    }

    It 'takes time, PCPU and world from vmkernel log prefixes' -Skip:(-not $hasFixtures) {
        $s = Get-PurpleScreen -Path (Join-Path $fixtures 'esxi703-nmi-ipi-panic-requested-heartbeat-vmfs6-unmap-partial-kb307646.txt') -HostName esx07
        $s.Timestamp | Should -Be ([DateTimeOffset]'2021-10-20T03:11:41.679Z')
        $s.PhysicalCpu | Should -Be 0
        $s.World.Id | Should -Be 2352732
        $s.HostName | Should -Be 'esx07'
        $s.Uptime | Should -Be ([TimeSpan]'11.07:27:23.196')
    }

    It 'drops screens outside -After/-Before' -Skip:(-not $hasFixtures) {
        $p = Join-Path $fixtures 'esxi703-nmi-ipi-panic-requested-heartbeat-vmfs6-unmap-partial-kb307646.txt'
        Get-PurpleScreen -Path $p -After '2021-10-20T03:11:42Z' | Should -BeNullOrEmpty
        @(Get-PurpleScreen -Path $p -Before '2021-10-20T03:11:42Z').Count | Should -Be 1
    }

    It 'reads a vm-support bundle written under TestDrive' {
        $root = Join-Path $TestDrive 'esx-esx01-2024-03-06--09.00-1234/var/run/log'
        New-Item -ItemType Directory -Path $root -Force | Out-Null
        $p = '2024-03-05T10:20:30.123Z cpu3:2098053)'
        @(
            "$p@BlueScreen: #PF Exception 14 in world 2098053:vmm0:TestVM IP 0x41802f0b2d6e addr 0x0"
            "${p}0x451a1e39bdf0:[0x41802f0b2d6e]VmMemPin_Foo@vmkernel#nover+0x2e stack: 0x1"
            "${p}Coredump to disk. Slot 1 of 1."
        ) | Set-Content -Path (Join-Path $root 'vmkernel.log')
        $tgz = Join-Path $TestDrive 'esx-esx01-2024-03-06--09.00-1234.tgz'
        tar -czf $tgz -C $TestDrive 'esx-esx01-2024-03-06--09.00-1234'
        $s = Get-PurpleScreen -Path $tgz
        $s.HostName | Should -Be 'esx01'
        $s.World.Name | Should -Be 'vmm0:TestVM'
        $s.Frames[0].Module | Should -Be 'vmkernel'
    }

    It 'writes FileNotFound for a missing literal path' {
        Get-PurpleScreen -LiteralPath (Join-Path $TestDrive 'nope.log') -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -BeGreaterThan 0
    }

    It 'decodes machine checks logged before the screen and shows them in their table view' {
        # SYNTHETIC vmkernel.log lines in the ESXi 6.5+ MCA shape (status 0xbe00000000800091: UC, PCC; memory controller).
        $log = Join-Path $TestDrive 'mce/vmkernel.log'
        New-Item -ItemType Directory -Path (Split-Path $log) -Force | Out-Null
        Set-Content -LiteralPath $log -Value @(
            '2024-11-05T03:20:02.200Z cpu3:2097155)ALERT: MCA: 200: UC Excp G5 B8 Sbe00000000800091 A1a2b3c4000 M86 P1a2b3c4000/6 Memory Controller Read Error on Channel 1.'
            '2024-11-05T03:20:02.201Z cpu3:2097155)@BlueScreen: Machine Check Exception on PCPU3 in world 2097155:idle3'
            '2024-11-05T03:20:02.202Z cpu3:2097155)0x4539c001be30:[0x42000a1b2c3d]MCEHandleMCE@vmkernel#nover+0x2f0 stack: 0x0'
        )
        $s = Get-PurpleScreen -LiteralPath $log
        $s.Category | Should -Be 'MachineCheck'
        $mc = $s.MachineChecks[0]
        $mc.Bank | Should -Be 8
        $mc.Severity | Should -Be 'Fatal'
        $mc.ErrorClass | Should -Be 'MemoryController'
        $mc.ProcessorContextCorrupt | Should -BeTrue
        ($s.MachineChecks | Format-Table | Out-String -Width 120) | Should -Match 'MemoryController'
    }
}
